package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.QueryString;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.core.report.UsageReport;
import dev.gatehouse.core.store.RequestRejected;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /api/reports/usage?from=&to=&by=host,user,gateway,tool&format=json|csv}: tool calls per host, user,
 * gateway and tool over a period (default: the last 30 days), from the audit trail. Needs {@code logs:read}.
 * CSV cells are written as the log export writes them (a cell that a spreadsheet would run as a formula is
 * defused).
 */
final class ReportsResource {
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    private static final List<String> COLUMNS = List.of("calls", "succeeded", "failed", "refused", "withdrawn", "meanMillis",
            "bytesIn", "bytesOut");

    private final UsageReport reports;
    private final Clock clock;

    ReportsResource(UsageReport reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    Reply usage(ApiRequest request) {
        return request.query().reply(this::usage);
    }

    private Reply usage(QueryString q) {
        String format = q.value("format");
        String toText = q.value("to");
        String fromText = q.value("from");
        String by = q.value("by");
        if (q.problem().isPresent()) {
            return q.problem().get();
        }
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            return Problem.badRequest("format: json or csv");
        }
        UsageReport.Report report;
        try {
            Instant to = toText == null ? clock.instant() : Instant.parse(toText);
            Instant from = fromText == null ? to.minus(DEFAULT_PERIOD) : Instant.parse(fromText);
            report = reports.of(from, to, UsageReport.Dimension.parse(by));
        } catch (DateTimeParseException e) {
            return Problem.badRequest("from and to: ISO-8601 instants such as 2026-01-31T00:00:00Z");
        } catch (RequestRejected e) {
            return Stores.problem(e);
        }
        return "csv".equals(format) ? csv(report) : Reply.ok(json(report));
    }

    private static ObjectNode json(UsageReport.Report r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("from", r.from().toString());
        o.put("to", r.to().toString());
        ArrayNode by = o.putArray("by");
        r.by().forEach(d -> by.add(d.wireName()));
        ArrayNode rows = o.putArray("rows");
        for (UsageReport.Row row : r.rows()) {
            ObjectNode n = rows.addObject();
            for (int i = 0; i < r.by().size(); i++) {
                n.put(r.by().get(i).wireName(), row.group().get(i));
            }
            n.put("calls", row.calls());
            n.put("succeeded", row.succeeded());
            n.put("failed", row.failed());
            n.put("refused", row.refused());
            n.put("withdrawn", row.withdrawn());
            n.put("meanMillis", Math.round(row.meanMillis() * 1000) / 1000.0);
            n.put("bytesIn", row.bytesIn());
            n.put("bytesOut", row.bytesOut());
        }
        return o;
    }

    private static Reply csv(UsageReport.Report r) {
        List<String> header = new ArrayList<>(r.by().stream().map(UsageReport.Dimension::wireName).toList());
        header.addAll(COLUMNS);
        StringBuilder out = new StringBuilder(String.join(",", header)).append("\r\n");
        for (UsageReport.Row row : r.rows()) {
            List<Object> cells = new ArrayList<>(row.group());
            cells.addAll(List.of(row.calls(), row.succeeded(), row.failed(), row.refused(), row.withdrawn(),
                    Math.round(row.meanMillis() * 1000) / 1000.0, row.bytesIn(), row.bytesOut()));
            out.append(cells.stream().map(LogExport::csvField).collect(Collectors.joining(","))).append("\r\n");
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        String name = "gatehouse-usage-" + r.to().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()
                .replace("-", "").replace(":", "") + ".csv";
        return new Reply.Download("text/csv; charset=utf-8", name, stream -> stream.write(body));
    }
}

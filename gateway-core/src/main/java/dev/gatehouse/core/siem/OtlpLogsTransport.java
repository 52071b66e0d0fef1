package dev.gatehouse.core.siem;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.net.OutboundHttp;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches of records as OpenTelemetry logs over OTLP/HTTP (binary protobuf, {@code POST <url>/v1/logs}),
 * through {@link OutboundHttp} (the SSRF guard) like the other HTTP sinks. The request is encoded by the
 * OpenTelemetry SDK's own OTLP marshaler ({@link OtlpAuditLogs} makes each record a log record), so the
 * bytes are those of the SDK's exporter; sending it ourselves keeps the guard, the pinned address and the
 * per-batch acknowledgement the cursor needs. OTLP/HTTP: a 2xx answer means the collector has the batch
 * (a partial success is still a success and must not be retried); anything else is retried from the cursor.
 */
final class OtlpLogsTransport implements SinkTransport {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_ANSWER = 1024 * 1024;
    private static final String PATH = "/v1/logs";

    private final URI url;
    private final String secret;
    private final OutboundHttp http;

    OtlpLogsTransport(AuditSink sink, String secret, OutboundHttp http) {
        String base = sink.target().endsWith("/") ? sink.target().substring(0, sink.target().length() - 1) : sink.target();
        this.url = URI.create(base.endsWith(PATH) ? base : base + PATH);
        this.secret = secret;
        this.http = http;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Gatehouse audit stream");
        headers.put("Content-Type", "application/x-protobuf");
        headers.put("Accept", "application/x-protobuf");
        if (secret != null) {
            headers.put("Authorization", secret);
        }
        OutboundHttp.Response answer = http.send("POST", url, headers, body(batch), TIMEOUT, MAX_ANSWER);
        if (answer.status() / 100 != 2) {
            throw new IOException("the receiver answered HTTP " + answer.status());
        }
    }

    /** The {@code ExportLogsServiceRequest} of the batch, as protobuf bytes. */
    static byte[] body(List<AuditEvent> batch) throws IOException {
        LogsRequestMarshaler request = LogsRequestMarshaler.create(OtlpAuditLogs.of(batch));
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.getBinarySerializedSize());
        request.writeBinaryTo(out);
        return out.toByteArray();
    }

    @Override
    public boolean acknowledges() {
        return true;
    }

    @Override
    public void close() {
        // one request per batch: nothing held between batches
    }
}

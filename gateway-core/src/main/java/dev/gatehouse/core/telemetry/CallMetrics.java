package dev.gatehouse.core.telemetry;

import dev.gatehouse.core.approval.Verdict;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.rules.Decision;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;

import java.util.Locale;

/**
 * The instruments of the MCP endpoint, made once: calls by gateway, server, tool (when allowed) and outcome,
 * how long they took in total, upstream and in Gatehouse itself, other requests, refusals at the gate, and
 * the governance steps' decisions. Each recording looks its attributes up in a bounded cache: one map read
 * and a few striped adds per call, no other allocation.
 */
public final class CallMetrics {
    private static final double MICROS = 1_000_000.0;
    /** Request kinds: {@code tools/list}, any other request, a request refused before it was routed. */
    public static final String LIST = "list";
    public static final String REQUEST = "request";
    public static final String REJECTED = "rejected";
    /** Governance decisions. */
    public static final String ALLOWED = "allowed";
    public static final String REFUSED = "refused";
    /** The gateway label of a request whose path named none. */
    public static final String NO_GATEWAY = "_none";

    private final LongCounter calls;
    private final DoubleHistogram callSeconds;
    private final DoubleHistogram upstreamSeconds;
    private final DoubleHistogram gatewaySeconds;
    private final LongCounter requests;
    private final LongCounter refusals;
    private final LongCounter decisions;
    private final ToolLabels tools;
    private final LabelCache<CallKey, Series> callSeries;
    private final LabelCache<RequestKey, Attributes> requestSeries;
    private final LabelCache<String, Attributes> refusalSeries;
    private final LabelCache<DecisionKey, Attributes> decisionSeries;

    /** One call's series: its counter's attributes and its histograms' (which never carry the tool). */
    private record Series(Attributes call, Attributes duration, Attributes upstream, Attributes gateway) {
        static final Series OVERFLOW = new Series(LabelCache.OVERFLOW, LabelCache.OVERFLOW, LabelCache.OVERFLOW,
                LabelCache.OVERFLOW);
    }

    private record CallKey(String gateway, String server, String tool, Outcome outcome) {
    }

    private record RequestKey(String gateway, String kind, Outcome outcome) {
    }

    private record DecisionKey(String gateway, Step step, String decision) {
    }

    /** A governance step of a {@code tools/call}, in the order the gateway applies them. */
    public enum Step {
        QUARANTINE, RATE_LIMIT, REQUEST_RULES, APPROVAL, RESPONSE_RULES;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    CallMetrics(GatehouseMetrics metrics, ToolLabels tools) {
        this.tools = tools;
        this.calls = metrics.counter("gatehouse.calls", "MCP tools/call requests that ended, by gateway, server,"
                + " tool (when metrics-tool-labels allows it) and outcome", "{call}");
        this.callSeconds = metrics.seconds("gatehouse.call.duration",
                "Time from a tools/call's arrival to the end of its answer, as the client saw it");
        this.upstreamSeconds = metrics.seconds("gatehouse.upstream.duration",
                "Time a tools/call spent waiting for its upstream server");
        this.gatewaySeconds = metrics.seconds("gatehouse.gateway.duration",
                "Time Gatehouse added to a forwarded tools/call (its whole time less the upstream's)");
        this.requests = metrics.counter("gatehouse.requests",
                "MCP requests other than tools/call (tools/list and the rest), by gateway, kind and outcome", "{request}");
        this.refusals = metrics.counter("gatehouse.auth.refusals",
                "Requests refused at the MCP endpoint's gate, by reason", "{request}");
        this.decisions = metrics.counter("gatehouse.governance.decisions",
                "Decisions of the governance steps on tools/call (quarantine, rate limit, rules, approval)", "{decision}");
        this.callSeries = new LabelCache<>(CallMetrics::series, Series.OVERFLOW);
        this.requestSeries = LabelCache.of(k -> Attributes.of(Labels.GATEWAY, k.gateway(), Labels.KIND, k.kind(),
                Labels.OUTCOME, k.outcome().wireName()));
        this.refusalSeries = LabelCache.of(reason -> Attributes.of(Labels.REASON, reason.toLowerCase(Locale.ROOT)));
        this.decisionSeries = LabelCache.of(k -> Attributes.of(Labels.GATEWAY, k.gateway(),
                Labels.KIND, k.step().label, Labels.DECISION, k.decision()));
    }

    private static Series series(CallKey k) {
        String server = k.server() == null ? Labels.NO_SERVER : k.server();
        String outcome = k.outcome().wireName();
        Attributes call = k.tool() == null
                ? Attributes.of(Labels.GATEWAY, k.gateway(), Labels.SERVER, server, Labels.OUTCOME, outcome)
                : Attributes.of(Labels.GATEWAY, k.gateway(), Labels.SERVER, server, Labels.TOOL, k.tool(), Labels.OUTCOME, outcome);
        Attributes duration = Attributes.of(Labels.GATEWAY, k.gateway(), Labels.SERVER, server, Labels.OUTCOME, outcome);
        return new Series(call, duration, Attributes.of(Labels.GATEWAY, k.gateway(), Labels.SERVER, server),
                Attributes.of(Labels.GATEWAY, k.gateway()));
    }

    /**
     * A {@code tools/call} ended (answered, refused by governance, failed upstream...).
     *
     * @param server         the server's slug, or null when it never reached one
     * @param tool           the tool as the client named it
     * @param totalMicros    from arrival to the end of the answer
     * @param upstreamMicros time spent upstream, or null when it was never forwarded
     */
    public void call(String gateway, String server, String tool, Outcome outcome, long totalMicros, Long upstreamMicros) {
        Series s = callSeries.get(new CallKey(gateway, server, tools.of(tool), outcome));
        calls.add(1, s.call());
        callSeconds.record(totalMicros / MICROS, s.duration());
        if (upstreamMicros != null) {
            upstreamSeconds.record(upstreamMicros / MICROS, s.upstream());
            gatewaySeconds.record(Math.max(0, totalMicros - upstreamMicros) / MICROS, s.gateway());
        }
    }

    /** Another MCP request ended: {@code kind} is {@code list} for tools/list, {@code request} for the rest. */
    public void request(String gateway, String kind, Outcome outcome) {
        requests.add(1, requestSeries.get(new RequestKey(gateway, kind, outcome)));
    }

    /** A request refused at the gate; {@code reason} comes from a fixed vocabulary (an enum's name, labelled in lower case). */
    public void refused(String reason) {
        refusals.add(1, refusalSeries.get(reason));
    }

    /** Instruments that record nothing (for parts wired without a Gatehouse, such as unit tests). */
    public static CallMetrics discarding() {
        return new CallMetrics(new GatehouseMetrics(io.opentelemetry.api.OpenTelemetry.noop().getMeter("dev.gatehouse"), null),
                new ToolLabels(false, 1));
    }

    /** A rule decision's label: {@code blocked}, {@code held}, {@code modified} or {@code passed}. */
    public static String of(Decision decision) {
        if (decision instanceof Decision.Blocked) {
            return "blocked";
        }
        if (decision instanceof Decision.Held) {
            return "held";
        }
        return ((Decision.Pass) decision).modified() ? "modified" : "passed";
    }

    /** An approval's label: {@code approved}, {@code denied}, {@code timed_out} or {@code withdrawn}. */
    public static String of(Verdict verdict) {
        if (verdict instanceof Verdict.Approved) {
            return "approved";
        }
        if (verdict instanceof Verdict.Denied) {
            return "denied";
        }
        return verdict instanceof Verdict.TimedOut ? "timed_out" : "withdrawn";
    }

    /**
     * A governance step decided on a call: {@code decision} from a fixed vocabulary ({@code allowed},
     * {@code refused}, {@code held}, {@code approved}, {@code denied}, {@code timed_out}, {@code modified}).
     */
    public void decided(String gateway, Step step, String decision) {
        decisions.add(1, decisionSeries.get(new DecisionKey(gateway, step, decision)));
    }
}

package dev.gatehouse.core.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/** The label names of Gatehouse's metrics, and the values that stand for many. */
public final class Labels {
    public static final AttributeKey<String> GATEWAY = AttributeKey.stringKey("gateway");
    public static final AttributeKey<String> SERVER = AttributeKey.stringKey("server");
    public static final AttributeKey<String> TOOL = AttributeKey.stringKey("tool");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    public static final AttributeKey<String> DECISION = AttributeKey.stringKey("decision");
    public static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
    /** Set on the one series that counts whatever came past a label cache's bound. */
    public static final AttributeKey<String> OVERFLOW = AttributeKey.stringKey("overflow");
    /** The tool label of tools beyond {@link TelemetrySettings#maxToolLabels()}. */
    public static final String OTHER = "_other";
    /** The server label of what the gateway answered itself (initialize, ping, a merged list). */
    public static final String NO_SERVER = "_gateway";

    private Labels() {
    }
}

package dev.gatehouse.core.siem;

import java.util.Arrays;
import java.util.Optional;

/** How a sink receives the audit trail. */
public enum SinkKind {
    /** RFC 5424 messages over TCP, octet-counting framing (RFC 6587 section 3.4.1). */
    SYSLOG_TCP("syslog-tcp", false),
    /** RFC 5424 messages over TLS (RFC 5425), octet-counting framing. */
    SYSLOG_TLS("syslog-tls", false),
    /** Splunk HTTP Event Collector: {@code POST …/services/collector/event}, one JSON event per record. */
    SPLUNK_HEC("splunk-hec", true),
    /** Elasticsearch / OpenSearch {@code POST …/_bulk}: a {@code create} per record, {@code _id} its record id. */
    ELASTIC_BULK("elastic-bulk", true),
    /** OpenTelemetry logs over OTLP/HTTP: {@code POST …/v1/logs}, binary protobuf, a log record per audit record. */
    OTLP_LOGS("otlp-logs", true);

    private final String wireName;
    private final boolean http;

    SinkKind(String wireName, boolean http) {
        this.wireName = wireName;
        this.http = http;
    }

    public String wireName() {
        return wireName;
    }

    /** True for the HTTP batch sinks, whose target is a URL and whose answers acknowledge each batch. */
    public boolean http() {
        return http;
    }

    /** Every kind's wire name, for messages: {@code syslog-tcp, syslog-tls, …}. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(SinkKind::wireName).toList());
    }

    public static Optional<SinkKind> fromWire(String value) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(value)).findFirst();
    }
}

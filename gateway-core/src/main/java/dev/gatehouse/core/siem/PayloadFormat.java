package dev.gatehouse.core.siem;

import java.util.Arrays;
import java.util.Optional;

/** What a syslog message carries as its MSG part. HTTP sinks always carry JSON. */
public enum PayloadFormat {
    /** One JSON object per record ({@link AuditRecordJson}). */
    JSON("json"),
    /** ArcSight Common Event Format ({@link CefFormat}). */
    CEF("cef");

    private final String wireName;

    PayloadFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<PayloadFormat> fromWire(String value) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(value)).findFirst();
    }
}

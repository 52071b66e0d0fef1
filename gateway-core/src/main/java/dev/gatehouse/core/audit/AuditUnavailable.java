package dev.gatehouse.core.audit;

/** The audit log could not make a record durable; whatever depended on it must be refused (fail closed). */
public final class AuditUnavailable extends RuntimeException {
    public AuditUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

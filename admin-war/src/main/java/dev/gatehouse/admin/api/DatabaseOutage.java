package dev.gatehouse.admin.api;

import jakarta.persistence.PersistenceException;

import java.sql.SQLException;

/**
 * Tells a database outage apart from a bug: a failure caused by JPA or JDBC is the database not
 * answering, which the API reports as {@code 503} with {@code Retry-After} (try again, nothing was
 * changed: the transaction rolled back), not as a {@code 500}.
 */
final class DatabaseOutage {
    /** Seconds a client should wait before trying again. */
    static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseOutage() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PersistenceException || t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }
}

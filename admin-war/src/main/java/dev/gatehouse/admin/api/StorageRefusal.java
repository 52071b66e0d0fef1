package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.Problem;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a value the database refused apart from the database being down: SQLSTATE class {@code 22} (data
 * exception: a value too long or malformed for its column) is the caller's input, {@code 400}; class {@code 23}
 * (integrity constraint violation: a duplicate, a reference to something deleted meanwhile) conflicts with what
 * is stored, {@code 409}. Neither is "the database is not available" (a retry would fail the same way). The
 * API checks its inputs before they reach the database; this is the net under those checks.
 */
final class StorageRefusal {
    private StorageRefusal() {
    }

    /** The refusal and what to log of it: the SQLSTATE and the exception's class, never its message (it quotes the value). */
    record Refused(Problem problem, String logged) {
    }

    static Optional<Refused> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String logged = "SQLSTATE " + sql.getSQLState() + " (" + sql.getClass().getName() + ")";
                if (sql.getSQLState().startsWith("22")) {
                    return Optional.of(new Refused(Problem.badRequest("a value is too long or not valid for where it is"
                            + " stored; nothing was changed"), logged));
                }
                if (sql.getSQLState().startsWith("23")) {
                    return Optional.of(new Refused(Problem.conflict("the change conflicts with what is stored (a duplicate,"
                            + " or something it refers to changed meanwhile); nothing was changed"), logged));
                }
            }
        }
        return Optional.empty();
    }
}

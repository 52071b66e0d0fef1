package dev.gatehouse.core.retention;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Deletes audit records through a connection of their own, as the database role that alone may delete them
 * ({@code gatehouse_retention} on PostgreSQL, docs/cluster.md), while the node itself connects as
 * {@code gatehouse_app}, which may not. Settings {@code retention-db-url}, {@code retention-db-user},
 * {@code retention-db-password}.
 */
final class JdbcPurge implements AuditArchiver.Purge {
    private final String url;
    private final String user;
    private final String password;

    JdbcPurge(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public int delete(List<Long> ids) {
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement delete = c.prepareStatement("DELETE FROM gh_audit_event WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                delete.setLong(i + 1, ids.get(i));
            }
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the retention connection (" + user + ") could not delete: "
                    + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }
}

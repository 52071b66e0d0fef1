package dev.gatehouse.core.jpa;

import dev.gatehouse.core.model.AuditEvent;

import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Inserts sealed audit records with one batched JDBC {@code INSERT}, inside a {@link Transactions} unit (so
 * the same code runs on a resource-local unit and under JTA). The audit writer's single thread commits every
 * record of the node, and the ORM's unit of work (cloning, change sets, the id generator's round trips) cost
 * it more than the insert itself; the rows are plain and append-only, so plain JDBC is both clearer and
 * faster here. Ids come from the {@code gh_sequence} row the entity's table generator also uses, reserved
 * a block at a time in a transaction of their own, with the generator's semantics (the row holds the last
 * id handed out), so both can take ids side by side on any number of nodes.
 */
public final class AuditRows {
    static final String SEQUENCE = "audit_event";
    private static final String INSERT = "INSERT INTO gh_audit_event (id, correlation_id, event_time, kind, outcome,"
            + " host_id, host_name, token_public_id, token_issued_by, actor, gateway, server, tool, method, jsonrpc_id,"
            + " http_status, error_code, detail, duration_us, upstream_duration_us, bytes_in, bytes_out, client_address,"
            + " user_agent, mcp_session_id, node_id, node_seq, previous_hash, hash, trace_id, key_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String RESERVE = "UPDATE gh_sequence SET seq_value = seq_value + ? WHERE seq_name = ?";
    private static final String RESERVED = "SELECT seq_value FROM gh_sequence WHERE seq_name = ?";

    private final Transactions tx;
    private final int idBlock;
    private long nextId;
    private long lastReserved = -1;

    /** @param idBlock ids reserved per round trip to the sequence row */
    public AuditRows(Transactions tx, int idBlock) {
        if (idBlock < 1) {
            throw new IllegalArgumentException("idBlock must be at least 1");
        }
        this.tx = tx;
        this.idBlock = idBlock;
    }

    /** {@link #number} then {@link #store}: the records as stored, with their ids. */
    public List<AuditEvent> insert(List<AuditEvent> sealed) {
        List<AuditEvent> rows = number(sealed);
        store(rows);
        return rows;
    }

    /**
     * The records with the ids they will be stored under (reserved from the sequence row as needed). Not
     * thread-safe: one writer thread owns it.
     */
    public List<AuditEvent> number(List<AuditEvent> sealed) {
        List<AuditEvent> rows = new ArrayList<>(sealed.size());
        for (AuditEvent e : sealed) {
            rows.add(e.sealed(nextId(), e.nodeId(), e.nodeSequence(), e.previousHash(), e.hash()));
        }
        return rows;
    }

    /**
     * Commits numbered records in one transaction; all or none are stored (though a commit reported as failed
     * may have happened: the caller finds out from the chain head).
     *
     * @throws AuditRowsRefused naming the database's own error (SQL state and message)
     */
    public void store(List<AuditEvent> rows) {
        tx.inTransaction(em -> {
            try (PreparedStatement insert = connection(em).prepareStatement(INSERT)) {
                for (AuditEvent row : rows) {
                    bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                return null;
            } catch (SQLException e) {
                throw new AuditRowsRefused(e);
            }
        });
    }

    /** The database refused an audit insert; the message is the database's own (every chained cause). */
    public static final class AuditRowsRefused extends RuntimeException {
        AuditRowsRefused(SQLException e) {
            super(describe(e), e);
        }

        private static String describe(SQLException e) {
            // a driver's batch error wraps the statement's own error, further down the chain (getNextException)
            SQLException own = e;
            while (own.getNextException() != null && own.getNextException() != own) {
                own = own.getNextException();
            }
            return "[" + own.getSQLState() + "] " + own.getMessage();
        }
    }

    private long nextId() {
        if (lastReserved < 0 || nextId > lastReserved) {
            lastReserved = tx.inTransaction(this::reserveBlock);
            nextId = lastReserved - idBlock + 1;
        }
        return nextId++;
    }

    private long reserveBlock(EntityManager em) {
        Connection c = connection(em);
        try (PreparedStatement update = c.prepareStatement(RESERVE);
             PreparedStatement select = c.prepareStatement(RESERVED)) {
            update.setLong(1, idBlock);
            update.setString(2, SEQUENCE);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("the audit id sequence row is missing");
            }
            select.setString(1, SEQUENCE);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit ids could not be reserved: " + e.getMessage(), e);
        }
    }

    private static Connection connection(EntityManager em) {
        // inside an active transaction EclipseLink begins the database transaction and hands out its connection
        return em.unwrap(Connection.class);
    }

    private static void bind(PreparedStatement s, AuditEvent e) throws SQLException {
        int i = 0;
        s.setLong(++i, e.id());
        s.setString(++i, e.correlationId());
        s.setObject(++i, InstantConverter.toColumn(e.time())); // the instant itself: no JVM time zone involved
        s.setString(++i, e.kind().name());
        s.setString(++i, e.outcome().name());
        text(s, ++i, e.hostId());
        text(s, ++i, e.hostName());
        text(s, ++i, e.tokenPublicId());
        text(s, ++i, e.tokenIssuedBy());
        text(s, ++i, e.actor());
        text(s, ++i, e.gateway());
        text(s, ++i, e.server());
        text(s, ++i, e.tool());
        text(s, ++i, e.method());
        text(s, ++i, e.jsonRpcId());
        integer(s, ++i, e.httpStatus());
        integer(s, ++i, e.errorCode());
        text(s, ++i, e.detail());
        number(s, ++i, e.durationMicros());
        number(s, ++i, e.upstreamDurationMicros());
        number(s, ++i, e.bytesIn());
        number(s, ++i, e.bytesOut());
        text(s, ++i, e.clientAddress());
        text(s, ++i, e.userAgent());
        text(s, ++i, e.mcpSessionId());
        s.setString(++i, e.nodeId());
        s.setLong(++i, e.nodeSequence());
        text(s, ++i, e.previousHash());
        s.setString(++i, e.hash());
        text(s, ++i, e.traceId());
        text(s, ++i, e.keyId());
    }

    private static void text(PreparedStatement s, int i, String v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.VARCHAR);
        } else {
            s.setString(i, v);
        }
    }

    private static void integer(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, v);
        }
    }

    private static void number(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }
}

package dev.gatehouse.core.jpa;

import dev.gatehouse.core.audit.AuditReader;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The audit writer's JDBC insert, over a real H2 database with the Flyway schema. */
class AuditRowsTest {
    private EntityManagerFactory emf;
    private Transactions tx;

    @BeforeEach
    void open() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        tx = new ResourceLocalTransactions(emf);
    }

    @AfterEach
    void close() {
        emf.close();
    }

    private static AuditEvent sealed(long seq, String tool) {
        AuditEvent e = AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                .time(Instant.parse("2026-11-25T20:00:00.123456789Z")).gateway("quickstart").server("demo")
                .tool(tool).method("tools/call").jsonRpcId("7").httpStatus(200).durationMicros(1234L)
                .hostName("CI bot").clientAddress("127.0.0.1").build();
        return e.sealed(null, "node-a", seq, seq == 1 ? null : "prev" + (seq - 1), "hash" + seq);
    }

    private List<AuditEvent> stored() {
        return new AuditReader(tx).query(AuditQuery.newest(100));
    }

    @Test
    void insertedRecordsReadBackThroughTheEntityExactlyAsSealed() {
        List<AuditEvent> written = new AuditRows(tx, 10).insert(List.of(sealed(1, "echo"), sealed(2, "add")));

        List<AuditEvent> read = new ArrayList<>(stored());
        read.sort((a, b) -> Long.compare(a.nodeSequence(), b.nodeSequence()));
        assertEquals(written, read);
    }

    @Test
    void idsStayUniqueAcrossBlocksAndBesideTheEntitysOwnGenerator() {
        AuditRows rows = new AuditRows(tx, 3);
        long seq = 0;
        for (int batch = 0; batch < 4; batch++) {
            rows.insert(List.of(sealed(++seq, "a"), sealed(++seq, "b")));
            long s = ++seq;
            // the ORM's table generator takes ids from the same sequence row
            tx.inTransaction(em -> {
                em.persist(AuditEventEntity.of(sealed(s, "orm")));
                return null;
            });
        }

        Set<Long> ids = new HashSet<>();
        stored().forEach(e -> ids.add(e.id()));
        assertEquals(12, ids.size());
    }

    @Test
    void aBatchThatCannotBeStoredLeavesNoRowBehind() {
        AuditRows rows = new AuditRows(tx, 10);
        // the same place in the node's chain twice: the unique constraint refuses the batch
        assertThrows(RuntimeException.class, () -> rows.insert(List.of(sealed(1, "a"), sealed(2, "b"), sealed(2, "c"))));

        assertEquals(0, stored().size());
        rows.insert(List.of(sealed(1, "a")));
        assertEquals(1, stored().size());
    }
}

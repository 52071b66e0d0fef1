package dev.gatehouse.core.audit;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditChainTest {
    private final AuditChain chain = new AuditChain(new byte[32]);

    private static AuditEvent event(String tool) {
        return AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS).correlationId("c")
                .time(Instant.parse("2026-11-25T10:00:00.123456789Z")).tool(tool).build()
                .sealed(null, "node-a", 1, null, null);
    }

    private AuditEvent sealed(AuditEvent e, String previous) {
        return e.sealed(null, e.nodeId(), e.nodeSequence(), previous, chain.hash(e, previous));
    }

    @Test
    void aSealedRecordVerifies() {
        assertTrue(chain.verifies(sealed(event("echo"), null), null));
    }

    @Test
    void verifiesWhenAFieldIsEditedThenFalse() {
        AuditEvent original = sealed(event("echo"), null);
        AuditEvent edited = new AuditEvent(original.id(), original.correlationId(), original.time(), original.kind(),
                Outcome.DENIED, original.hostId(), original.hostName(), original.tokenPublicId(), original.tokenIssuedBy(),
                original.actor(), original.gateway(), original.server(), original.tool(), original.method(),
                original.jsonRpcId(), original.httpStatus(), original.errorCode(), original.detail(),
                original.durationMicros(), original.upstreamDurationMicros(), original.bytesIn(), original.bytesOut(),
                original.clientAddress(), original.userAgent(), original.mcpSessionId(), original.nodeId(),
                original.nodeSequence(), original.previousHash(), original.hash(), original.traceId(), original.keyId());
        assertFalse(chain.verifies(edited, null));
    }

    @Test
    void verifiesWhenATraceIdIsAddedRemovedOrChangedThenFalseAndWithoutOneTheHashIsAsBefore() {
        AuditEvent plain = event("echo");
        AuditEvent traced = AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS).correlationId("c")
                .time(Instant.parse("2026-11-25T10:00:00.123456789Z")).tool("echo")
                .traceId("4bf92f3577b34da6a3ce929d0e0e4736").build().sealed(null, "node-a", 1, null, null);
        assertNotEquals(chain.hash(plain, null), chain.hash(traced, null));
        AuditEvent sealedTraced = sealed(traced, null);
        assertTrue(chain.verifies(sealedTraced, null));
        AuditEvent stripped = new AuditEvent(sealedTraced.id(), sealedTraced.correlationId(), sealedTraced.time(),
                sealedTraced.kind(), sealedTraced.outcome(), null, null, null, null, null, null, null, "echo", null, null,
                null, null, null, null, null, null, null, null, null, null, sealedTraced.nodeId(),
                sealedTraced.nodeSequence(), sealedTraced.previousHash(), sealedTraced.hash(), null, sealedTraced.keyId());
        assertFalse(chain.verifies(stripped, null));
    }

    @Test
    void verifiesWhenThePredecessorDiffersThenFalse() {
        AuditEvent record = sealed(event("echo"), "aa");
        assertFalse(chain.verifies(record, "bb"));
    }

    @Test
    void fieldBoundariesMatter() {
        AuditEvent a = AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).correlationId("c").time(Instant.EPOCH)
                .gateway("ab").server("c").build().sealed(null, "n", 1, null, null);
        AuditEvent b = AuditEvent.builder(AuditKind.LIST, Outcome.SUCCESS).correlationId("c").time(Instant.EPOCH)
                .gateway("a").server("bc").build().sealed(null, "n", 1, null, null);
        assertNotEquals(chain.hash(a, null), chain.hash(b, null));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AuditChain(new byte[16]));
    }
}

package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.model.AuditEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Places records in this node's chain: each made storable and fitted to its columns, numbered, hashed, and named
 * with the id of the key it was hashed under, so it still verifies after a re-key.
 */
final class ChainSealer {
    private final AuditChain chain;
    private final String nodeId;

    ChainSealer(AuditChain chain, String nodeId) {
        this.chain = chain;
        this.nodeId = nodeId;
    }

    /** The events sealed after the record {@code sequence} whose hash is {@code previous}. */
    List<AuditEvent> seal(List<AuditEvent> events, long sequence, String previous) {
        long seq = sequence;
        List<AuditEvent> sealed = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            // made storable and fitted to the columns first, so the stored row hashes exactly as sealed
            AuditEvent fitted = AuditEventEntity.of(event).toRecord();
            AuditEvent positioned = fitted.sealed(null, nodeId, ++seq, previous, null);
            String hash = chain.hash(positioned, previous);
            sealed.add(positioned.sealed(null, nodeId, seq, previous, hash, chain.keyId()));
            previous = hash;
        }
        return sealed;
    }

    String nodeId() {
        return nodeId;
    }
}

package dev.gatehouse.core.siem;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.AuditSinkCursorEntity;
import dev.gatehouse.core.jpa.AuditSinkEntity;
import dev.gatehouse.core.jpa.Transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The configured sinks and their cursors. Secrets are sealed before they are stored and opened only to
 * build a sink's transport; the records this store returns never carry them.
 */
public final class AuditSinkStore {
    private final Transactions tx;
    private final SecretBox secrets;
    private final Clock clock;

    public AuditSinkStore(Transactions tx, SecretBox secrets, Clock clock) {
        this.tx = tx;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Stores a checked sink. */
    public AuditSink create(NewAuditSink spec, String createdBy) {
        AuditSink sink = new AuditSink(UUID.randomUUID().toString(), spec.name(), spec.kind(), spec.target(),
                spec.format(), spec.secret() != null, spec.caCertificate(), spec.index(), spec.startMode(),
                createdBy, clock.instant());
        String sealed = spec.secret() == null ? null : secrets.seal(spec.secret());
        tx.inTransaction(em -> {
            em.persist(new AuditSinkEntity(sink, sealed));
            return null;
        });
        return sink;
    }

    public List<AuditSink> sinks() {
        return tx.read(em -> em.createNamedQuery("AuditSink.all", AuditSinkEntity.class).getResultStream()
                .map(AuditSinkEntity::toRecord).toList());
    }

    public Optional<AuditSink> sink(String id) {
        return tx.read(em -> Optional.ofNullable(em.find(AuditSinkEntity.class, id)).map(AuditSinkEntity::toRecord));
    }

    /** The sink's secret in the clear, for its transport only. */
    public Optional<String> secret(String id) {
        return tx.read(em -> Optional.ofNullable(em.find(AuditSinkEntity.class, id))
                .map(AuditSinkEntity::sealedSecret).map(secrets::open));
    }

    /** Removes the sink and its cursors; false when there was none. */
    public boolean delete(String id) {
        return tx.inTransaction(em -> {
            AuditSinkEntity e = em.find(AuditSinkEntity.class, id);
            if (e == null) {
                return false;
            }
            em.remove(e);
            em.createQuery("delete from AuditSinkCursorEntity c where c.sinkId = :id").setParameter("id", id)
                    .executeUpdate();
            return true;
        });
    }

    /** The last sequence of {@code nodeId}'s chain the sink has taken, if it has taken any. */
    public Optional<Long> cursor(String sinkId, String nodeId) {
        return tx.read(em -> Optional.ofNullable(em.find(AuditSinkCursorEntity.class,
                AuditSinkCursorEntity.key(sinkId, nodeId))).map(AuditSinkCursorEntity::lastSequence));
    }

    /** Moves the cursor forward to {@code sequence} (never back); creates it on the first advance. */
    public void advance(String sinkId, String nodeId, long sequence, Long recordId) {
        Instant now = clock.instant();
        tx.inTransaction(em -> {
            AuditSinkCursorEntity c = em.find(AuditSinkCursorEntity.class, AuditSinkCursorEntity.key(sinkId, nodeId));
            if (c == null) {
                em.persist(new AuditSinkCursorEntity(sinkId, nodeId, sequence, recordId, now));
            } else {
                c.advance(sequence, recordId, now);
            }
            return null;
        });
    }
}

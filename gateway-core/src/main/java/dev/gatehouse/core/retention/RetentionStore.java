package dev.gatehouse.core.retention;

import dev.gatehouse.core.jpa.AuditArchiveEntity;
import dev.gatehouse.core.jpa.AuditArchiveRunEntity;
import dev.gatehouse.core.jpa.RetentionPolicyEntity;
import dev.gatehouse.core.jpa.Transactions;

import java.util.List;
import java.util.Optional;

/** Retention policies, and the archives (with their runs) that retention wrote. */
public final class RetentionStore {
    private final Transactions tx;

    public RetentionStore(Transactions tx) {
        this.tx = tx;
    }

    public List<RetentionPolicy> policies() {
        return tx.read(em -> em.createNamedQuery("RetentionPolicy.all", RetentionPolicyEntity.class).getResultStream()
                .map(RetentionPolicyEntity::toRecord).toList());
    }

    /** Sets a gateway's policy, replacing the one it had. */
    public RetentionPolicy put(RetentionPolicy policy) {
        RetentionPolicy checked = policy.checked();
        tx.inTransaction(em -> {
            RetentionPolicyEntity e = em.find(RetentionPolicyEntity.class, checked.gateway());
            if (e == null) {
                em.persist(new RetentionPolicyEntity(checked));
            } else {
                e.replace(checked);
            }
            return null;
        });
        return checked;
    }

    public boolean remove(String gateway) {
        return tx.inTransaction(em -> {
            RetentionPolicyEntity e = em.find(RetentionPolicyEntity.class, gateway);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    /** Records an archive and its runs, before the records it holds are deleted. */
    public void record(ArchiveManifest manifest) {
        tx.inTransaction(em -> {
            em.persist(new AuditArchiveEntity(manifest));
            manifest.runs().forEach(r -> em.persist(new AuditArchiveRunEntity(r)));
            return null;
        });
    }

    public List<AuditArchiveEntity> archives() {
        return tx.read(em -> em.createNamedQuery("AuditArchive.all", AuditArchiveEntity.class).getResultList());
    }

    public Optional<AuditArchiveEntity> archive(String id) {
        return tx.read(em -> Optional.ofNullable(em.find(AuditArchiveEntity.class, id)));
    }

    /** Every archived run of a node's chain, by first sequence. */
    public List<ArchivedRun> runs(String nodeId) {
        return tx.read(em -> em.createQuery("select r from AuditArchiveRunEntity r where r.nodeId = :node"
                        + " order by r.firstSequence", AuditArchiveRunEntity.class).setParameter("node", nodeId)
                .getResultStream().map(AuditArchiveRunEntity::toRecord).toList());
    }
}

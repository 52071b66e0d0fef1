package dev.gatehouse.core.retention;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.siem.AuditRecordJson;
import dev.gatehouse.core.store.RequestRejected;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * One retention run: selects what the policies let go, archives it, records the archive, then deletes it.
 * <ol>
 * <li>Per policy, the gateway's records older than {@code maxAgeDays} and, past {@code maxRecords}, the oldest
 * beyond the cap; policy {@code *} covers records of no gateway and of gateways without a policy. At most
 * {@link #MAX_PER_RUN} records per run (run again for more). The last record of each node's chain is never
 * selected: a restarted node continues its chain from it.</li>
 * <li>The records, in node and sequence order, go to {@code <dir>/gatehouse-audit-<time>-<id>.jsonl.gz}
 * ({@link AuditRecordJson} lines, gzip), its signed {@link ArchiveManifest} beside it; both are complete on
 * disk (written, then moved into place) before anything is deleted.</li>
 * <li>The archive and its runs are recorded in the database, so {@code verify} steps over exactly those
 * records; only then are the records deleted (through {@link Purge}: the retention database role on
 * PostgreSQL).</li>
 * </ol>
 * A failure before the delete deletes nothing; a failure during it leaves records that are both archived and
 * present, which {@code verify} accepts.
 */
public final class AuditArchiver {
    public static final int MAX_PER_RUN = 50_000;
    private static final int CHUNK = 500;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Deletes audit records by id; the only code path that does. */
    @FunctionalInterface
    public interface Purge {
        int delete(List<Long> ids);
    }

    /** What a run did. */
    public record Outcome(ArchiveManifest manifest, Path archive, Path manifestFile, long deleted) {
    }

    private final Transactions tx;
    private final RetentionStore store;
    private final ManifestSigner signer;
    private final Clock clock;
    private final Purge purge;

    public AuditArchiver(Transactions tx, RetentionStore store, byte[] auditChainKey, Clock clock, Purge purge) {
        this(tx, store, new ManifestSigner(auditChainKey), clock, purge);
    }

    /** @param signer signs manifests and runs under the current audit chain key */
    public AuditArchiver(Transactions tx, RetentionStore store, ManifestSigner signer, Clock clock, Purge purge) {
        this.tx = tx;
        this.store = store;
        this.signer = signer;
        this.clock = clock;
        this.purge = purge;
    }

    /** The purge through the application's own connection (embedded H2, or a database role allowed to delete). */
    public static Purge ownConnection(Transactions tx) {
        return ids -> tx.inTransaction(em -> em.createQuery("delete from AuditEventEntity a where a.id in :ids")
                .setParameter("ids", ids).executeUpdate());
    }

    /** Runs the policies now; empty outcome (no archive) when nothing is due. */
    public java.util.Optional<Outcome> run(Path directory, String actor) {
        List<RetentionPolicy> policies = store.policies();
        if (policies.isEmpty()) {
            throw RequestRejected.invalid("no retention policy: set one first (PUT /api/retention/policies/{gateway})");
        }
        Instant now = clock.instant();
        Set<Long> due = due(policies, now);
        if (due.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<AuditEvent> records = load(due);
        if (records.isEmpty()) {
            return java.util.Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        String name = "gatehouse-audit-" + STAMP.format(now) + "-" + id.substring(0, 8) + ".jsonl.gz";
        try {
            Files.createDirectories(directory);
            Path archive = directory.resolve(name);
            String sha = write(records, archive);
            ArchiveManifest manifest = new ArchiveManifest(id, name, sha, records.size(), actor, now, runs(id, records), null)
                    .signedWith(signer);
            Path manifestFile = directory.resolve(name + ".manifest.json");
            Path part = directory.resolve(name + ".manifest.json.part");
            Files.writeString(part, manifest.toJson() + "\n", StandardCharsets.UTF_8);
            Files.move(part, manifestFile, StandardCopyOption.ATOMIC_MOVE);
            store.record(manifest);
            long deleted = 0;
            List<Long> ids = records.stream().map(AuditEvent::id).toList();
            for (int i = 0; i < ids.size(); i += CHUNK) {
                deleted += purge.delete(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
            }
            return java.util.Optional.of(new Outcome(manifest, archive, manifestFile, deleted));
        } catch (IOException e) {
            throw new UncheckedIOException("the archive could not be written to " + directory + ": " + e.getMessage(), e);
        }
    }

    private Set<Long> due(List<RetentionPolicy> policies, Instant now) {
        List<String> named = policies.stream().map(RetentionPolicy::gateway).filter(g -> !g.equals(RetentionPolicy.OTHERS)).toList();
        Set<Long> due = new LinkedHashSet<>();
        for (RetentionPolicy p : policies) {
            boolean others = p.gateway().equals(RetentionPolicy.OTHERS);
            String where = others ? (named.isEmpty() ? "1 = 1" : "(a.gateway is null or a.gateway not in :named)")
                    : "a.gateway = :gateway";
            if (p.maxAgeDays() != null) {
                Instant cut = now.minus(Duration.ofDays(p.maxAgeDays()));
                due.addAll(ids("select a.id from AuditEventEntity a where " + where + " and a.time < :cut order by a.time, a.id",
                        p, named, Map.of("cut", cut), MAX_PER_RUN - due.size()));
            }
            if (p.maxRecords() != null && due.size() < MAX_PER_RUN) {
                long count = tx.read(em -> bind(em.createQuery("select count(a) from AuditEventEntity a where " + where, Long.class),
                        p, named, Map.of()).getSingleResult());
                if (count > p.maxRecords()) {
                    due.addAll(ids("select a.id from AuditEventEntity a where " + where + " order by a.time, a.id", p, named,
                            Map.of(), (int) Math.min(MAX_PER_RUN - due.size(), count - p.maxRecords())));
                }
            }
        }
        return due;
    }

    private List<Long> ids(String jpql, RetentionPolicy p, List<String> named, Map<String, Object> params, int max) {
        if (max <= 0) {
            return List.of();
        }
        return tx.read(em -> bind(em.createQuery(jpql, Long.class), p, named, params).setMaxResults(max).getResultList());
    }

    private static <T> jakarta.persistence.TypedQuery<T> bind(jakarta.persistence.TypedQuery<T> q, RetentionPolicy p,
                                                              List<String> named, Map<String, Object> params) {
        if (!p.gateway().equals(RetentionPolicy.OTHERS)) {
            q.setParameter("gateway", p.gateway());
        } else if (!named.isEmpty()) {
            q.setParameter("named", named);
        }
        params.forEach(q::setParameter);
        return q;
    }

    /** The due records in node and sequence order, each node's chain head left out. */
    private List<AuditEvent> load(Set<Long> due) {
        Map<String, Long> heads = new HashMap<>();
        tx.read(em -> em.createQuery("select a.nodeId, max(a.nodeSequence) from AuditEventEntity a group by a.nodeId",
                Object[].class).getResultList()).forEach(row -> heads.put((String) row[0], (Long) row[1]));
        List<Long> ids = new ArrayList<>(due);
        List<AuditEvent> records = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            records.addAll(tx.read(em -> em.createQuery("select a from AuditEventEntity a where a.id in :ids",
                    AuditEventEntity.class).setParameter("ids", chunk).getResultStream().map(AuditEventEntity::toRecord).toList()));
        }
        records.removeIf(e -> e.nodeSequence().equals(heads.get(e.nodeId())));
        records.sort(Comparator.comparing(AuditEvent::nodeId).thenComparing(AuditEvent::nodeSequence));
        return records;
    }

    private static String write(List<AuditEvent> records, Path archive) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        Path part = archive.resolveSibling(archive.getFileName() + ".part");
        try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(part), sha))) {
            for (AuditEvent e : records) {
                out.write(AuditRecordJson.line(e).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Consecutive sequences of one node make one run. */
    private static List<ArchivedRun> runs(String archiveId, List<AuditEvent> records) {
        List<ArchivedRun> runs = new ArrayList<>();
        AuditEvent first = null;
        AuditEvent last = null;
        for (AuditEvent e : records) {
            if (last != null && (!e.nodeId().equals(last.nodeId()) || e.nodeSequence() != last.nodeSequence() + 1)) {
                runs.add(new ArchivedRun(archiveId, first.nodeId(), first.nodeSequence(), last.nodeSequence(),
                        first.previousHash(), last.hash(), null));
                first = null;
            }
            if (first == null) {
                first = e;
            }
            last = e;
        }
        if (first != null) {
            runs.add(new ArchivedRun(archiveId, first.nodeId(), first.nodeSequence(), last.nodeSequence(),
                    first.previousHash(), last.hash(), null));
        }
        return runs;
    }
}

package dev.gatehouse.core.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.audit.AuditKeys;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.siem.AuditRecordJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Checks an archive against its manifest, offline or on the node: the manifest's signature, the file's
 * SHA-256, and each record's hash within its run (the first linked to the run's first link, each to the one
 * before, the last equal to the run's last hash). A record edited, removed, added or reordered, a file
 * swapped, or a manifest changed shows as a problem.
 */
public final class ArchiveVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROBLEMS = 100;

    private final AuditKeys keys;
    private final ManifestSigner signer;

    public ArchiveVerifier(byte[] auditChainKey) {
        this(new AuditKeys(auditChainKey, List.of()));
    }

    /** Checks archives made under the current or a retired audit chain key: each record under the key it names. */
    public ArchiveVerifier(AuditKeys keys) {
        this.keys = keys;
        this.signer = keys.manifestSigner();
    }

    public ArchiveVerification verify(Path archive, Path manifestFile) throws IOException {
        List<String> problems = new ArrayList<>();
        ArchiveManifest manifest;
        try {
            manifest = ArchiveManifest.parse(Files.readString(manifestFile));
        } catch (IllegalArgumentException e) {
            return new ArchiveVerification(null, 0, List.of("the manifest cannot be read: " + e.getMessage()));
        }
        if (!manifest.verifies(signer)) {
            problems.add("the manifest's signature does not match its content (edited, or not made with this chain key)");
        }
        Map<String, ArchivedRun> runAt = new HashMap<>();
        manifest.runs().forEach(r -> runAt.put(r.nodeId() + '\u001f' + r.firstSequence(), r));
        long records = 0;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        ArchivedRun run = null;
        AuditEvent previous = null;
        int runsSeen = 0;
        try (InputStream raw = new DigestInputStream(Files.newInputStream(archive), sha);
             BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                AuditEvent e;
                try {
                    e = AuditRecordJson.parse(JSON.readTree(line));
                } catch (IOException | RuntimeException ex) {
                    add(problems, "line " + (records + 1) + " is not an audit record");
                    records++;
                    continue;
                }
                records++;
                boolean continues = run != null && previous != null && e.nodeId().equals(run.nodeId())
                        && e.nodeSequence() == previous.nodeSequence() + 1 && e.nodeSequence() <= run.lastSequence();
                if (!continues) {
                    if (run != null && (previous == null || previous.nodeSequence() != run.lastSequence())) {
                        add(problems, "run of node " + run.nodeId() + " from " + run.firstSequence() + " ends early");
                    }
                    run = runAt.get(e.nodeId() + '\u001f' + e.nodeSequence());
                    previous = null;
                    if (run == null) {
                        add(problems, "record " + e.nodeSequence() + " of node " + e.nodeId() + " (id " + e.id()
                                + ") is not where the manifest says a run starts or continues");
                        continue;
                    }
                    runsSeen++;
                }
                String link = previous == null ? run.firstPreviousHash() : previous.hash();
                if (!keys.verifies(e, link)) {
                    add(problems, "record " + e.nodeSequence() + " of node " + e.nodeId() + " (id " + e.id()
                            + ") does not match its hash or its link (edited)");
                }
                if (e.nodeSequence() == run.lastSequence() && !run.lastHash().equals(e.hash())) {
                    add(problems, "run of node " + run.nodeId() + " ends at another hash than the manifest's");
                }
                previous = e;
            }
            raw.transferTo(java.io.OutputStream.nullOutputStream()); // the digest covers the whole file, trailing bytes too
        } catch (IOException e) {
            add(problems, "the archive cannot be read as gzip JSON lines: " + e.getMessage());
        }
        if (run != null && (previous == null || previous.nodeSequence() != run.lastSequence())) {
            add(problems, "run of node " + run.nodeId() + " from " + run.firstSequence() + " ends early");
        }
        if (!HexFormat.of().formatHex(sha.digest()).equals(manifest.fileSha256())) {
            add(problems, "the archive's SHA-256 is not the manifest's (the file was changed)");
        }
        if (records != manifest.records()) {
            add(problems, "the archive holds " + records + " records, the manifest says " + manifest.records());
        }
        if (runsSeen != manifest.runs().size()) {
            add(problems, "the archive holds " + runsSeen + " runs, the manifest lists " + manifest.runs().size());
        }
        return new ArchiveVerification(manifest.id(), records, problems);
    }

    private static void add(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}

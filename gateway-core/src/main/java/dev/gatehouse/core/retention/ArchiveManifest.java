package dev.gatehouse.core.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an archive holds, signed: the archive file's name and SHA-256, how many records, and the runs of each
 * node's chain (first and last sequence, the link before the first, the hash of the last: the chain heads
 * it covers). Written beside the archive as {@code <file>.manifest.json}. The signature is an HMAC
 * ({@link ManifestSigner}) over {@link #signedText()}, the manifest's JSON without the signature as this
 * class writes it, so any change to a field, a run or the file is detected.
 */
public record ArchiveManifest(String id, String fileName, String fileSha256, long records, String createdBy,
                              Instant createdAt, List<ArchivedRun> runs, String signature) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ArchiveManifest {
        runs = List.copyOf(runs);
    }

    public ArchiveManifest signedWith(ManifestSigner signer) {
        List<ArchivedRun> signedRuns = runs.stream().map(signer::signed).toList();
        ArchiveManifest unsigned = new ArchiveManifest(id, fileName, fileSha256, records, createdBy, createdAt, signedRuns, null);
        return new ArchiveManifest(id, fileName, fileSha256, records, createdBy, createdAt, signedRuns,
                signer.sign(unsigned.signedText()));
    }

    /** True when the manifest and each of its runs carry the signature their content must have. */
    public boolean verifies(ManifestSigner signer) {
        return signer.verifies(signedText(), signature) && runs.stream().allMatch(signer::verifies);
    }

    String signedText() {
        return write(json(false));
    }

    public String toJson() {
        return write(json(true));
    }

    private ObjectNode json(boolean withSignature) {
        ObjectNode o = JSON.createObjectNode();
        o.put("archive", id);
        o.put("file", fileName);
        o.put("sha256", fileSha256);
        o.put("records", records);
        o.put("createdBy", createdBy);
        o.put("createdAt", createdAt.toString());
        ArrayNode list = o.putArray("runs");
        for (ArchivedRun r : runs) {
            ObjectNode n = list.addObject();
            n.put("nodeId", r.nodeId());
            n.put("firstSequence", r.firstSequence());
            n.put("lastSequence", r.lastSequence());
            n.put("firstPreviousHash", r.firstPreviousHash());
            n.put("lastHash", r.lastHash());
            n.put("signature", r.signature());
        }
        if (withSignature) {
            o.put("signature", signature);
        }
        return o;
    }

    /** Reads a manifest file; throws {@link IllegalArgumentException} when it is not one. */
    public static ArchiveManifest parse(String text) {
        try {
            JsonNode o = JSON.readTree(text);
            List<ArchivedRun> runs = new ArrayList<>();
            String id = o.path("archive").asText();
            for (JsonNode r : o.path("runs")) {
                runs.add(new ArchivedRun(id, r.path("nodeId").asText(), r.path("firstSequence").asLong(),
                        r.path("lastSequence").asLong(), r.path("firstPreviousHash").isNull() ? null
                        : r.path("firstPreviousHash").asText(null), r.path("lastHash").asText(), r.path("signature").asText()));
            }
            return new ArchiveManifest(id, o.path("file").asText(), o.path("sha256").asText(), o.path("records").asLong(),
                    o.path("createdBy").isNull() ? null : o.path("createdBy").asText(null),
                    Instant.parse(o.path("createdAt").asText()), runs, o.path("signature").asText());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not an archive manifest: " + e.getMessage(), e);
        }
    }

    private static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

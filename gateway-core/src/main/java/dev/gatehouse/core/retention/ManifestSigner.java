package dev.gatehouse.core.retention;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Signs archive manifests and runs: HMAC-SHA-256 under a key derived from the audit chain key (an HMAC of a
 * fixed label), so the chain key itself never signs anything but records, and whoever can verify the chain
 * can verify archives. After a re-key it signs under the current key and still accepts what a retired key
 * ({@code audit-chain-old-keys}) signed, so archives made before the re-key keep verifying.
 */
public final class ManifestSigner {
    private final SecretKeySpec key;
    /** The current key first, then the retired ones. */
    private final List<SecretKeySpec> verifiers;

    public ManifestSigner(byte[] auditChainKey) {
        this(auditChainKey, List.of());
    }

    /** Signs under {@code auditChainKey}; verifies under it or any of {@code retiredKeys}. */
    public ManifestSigner(byte[] auditChainKey, List<byte[]> retiredKeys) {
        this.key = derived(auditChainKey);
        this.verifiers = Stream.concat(Stream.of(key),
                retiredKeys.stream().map(ManifestSigner::derived)).toList();
    }

    private static SecretKeySpec derived(byte[] auditChainKey) {
        return new SecretKeySpec(hmac(new SecretKeySpec(auditChainKey, "HmacSHA256"),
                "gatehouse audit archive manifest"), "HmacSHA256");
    }

    public String sign(String text) {
        return HexFormat.of().formatHex(hmac(key, text));
    }

    /** Constant-time comparison of a signature with the one {@code text} should carry under any held key. */
    public boolean verifies(String text, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        boolean any = false;
        for (SecretKeySpec k : verifiers) {
            any |= MessageDigest.isEqual(HexFormat.of().formatHex(hmac(k, text)).getBytes(StandardCharsets.US_ASCII), given);
        }
        return any;
    }

    public ArchivedRun signed(ArchivedRun run) {
        return new ArchivedRun(run.archiveId(), run.nodeId(), run.firstSequence(), run.lastSequence(),
                run.firstPreviousHash(), run.lastHash(), sign(run.signedText()));
    }

    public boolean verifies(ArchivedRun run) {
        return verifies(run.signedText(), run.signature());
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}

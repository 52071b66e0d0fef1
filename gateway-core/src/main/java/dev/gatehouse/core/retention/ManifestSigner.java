package dev.gatehouse.core.retention;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Signs archive manifests and runs: HMAC-SHA-256 under a key derived from the audit chain key (an HMAC of a
 * fixed label), so the chain key itself never signs anything but records, and whoever can verify the chain
 * can verify archives.
 */
public final class ManifestSigner {
    private final SecretKeySpec key;

    public ManifestSigner(byte[] auditChainKey) {
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(auditChainKey, "HmacSHA256"),
                "gatehouse audit archive manifest"), "HmacSHA256");
    }

    public String sign(String text) {
        return HexFormat.of().formatHex(hmac(key, text));
    }

    /** Constant-time comparison of a signature with the one {@code text} should carry. */
    public boolean verifies(String text, String signature) {
        return signature != null && MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
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

package dev.gatehouse.core.audit;

import dev.gatehouse.core.crypto.KeyIds;
import dev.gatehouse.core.model.AuditEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Tamper evidence: each record's hash is an HMAC-SHA-256, under a key kept outside the database, over
 * the previous record's hash and this record's content. One chain per writing node, so cluster nodes
 * never serialise on a global chain head.
 */
public final class AuditChain {
    private static final char SEP = '\u001f';
    private final SecretKeySpec key;
    /** A Mac is not thread-safe and costly to set up: each thread keeps one, initialised once with the key. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final String keyId;

    public AuditChain(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the audit chain key must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.keyId = KeyIds.of(key);
    }

    /** The key's id, stored with every record hashed under it ({@code key_id}). */
    public String keyId() {
        return keyId;
    }

    /** The hash a record must carry, given the hash of the one before it on the same node. */
    public String hash(AuditEvent e, String previousHash) {
        StringBuilder s = new StringBuilder(512);
        field(s, previousHash);
        field(s, e.nodeId());
        field(s, e.nodeSequence());
        field(s, e.correlationId());
        field(s, e.time() == null ? null : e.time().toEpochMilli() * 1000 + e.time().getNano() / 1000 % 1000);
        field(s, e.kind());
        field(s, e.outcome());
        field(s, e.hostId());
        field(s, e.hostName());
        field(s, e.tokenPublicId());
        field(s, e.tokenIssuedBy());
        field(s, e.actor());
        field(s, e.gateway());
        field(s, e.server());
        field(s, e.tool());
        field(s, e.method());
        field(s, e.jsonRpcId());
        field(s, e.httpStatus());
        field(s, e.errorCode());
        field(s, e.detail());
        field(s, e.durationMicros());
        field(s, e.upstreamDurationMicros());
        field(s, e.bytesIn());
        field(s, e.bytesOut());
        field(s, e.clientAddress());
        field(s, e.userAgent());
        field(s, e.mcpSessionId());
        if (e.traceId() != null) { // added later (V15): records without one hash as they always did
            field(s, e.traceId());
        }
        // doFinal leaves the Mac initialised with the key again: one per thread, never set up per record
        return HexFormat.of().formatHex(macs.get().doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", ex);
        }
    }

    /** True when the record's stored hash matches its content and predecessor. */
    public boolean verifies(AuditEvent e, String previousHash) {
        return Objects.equals(e.previousHash(), previousHash) && hash(e, previousHash).equals(e.hash());
    }

    private static void field(StringBuilder s, Object value) {
        // length-prefixed, so no choice of field contents can make two records hash alike
        String v = value == null ? "\u0000" : value.toString();
        s.append(v.length()).append(':').append(v).append(SEP);
    }
}

package dev.gatehouse.core.mcp;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Gatehouse's own SSE event ids (MCP streamable HTTP, "Resumability and Redelivery"). An upstream's event
 * id may say more than it should (the MCP Java SDK's carries its session id), so it never reaches a
 * client as it is: the client gets {@code e1.} + base64url(nonce || AES-256-GCM(server id, upstream id)),
 * authenticated with the Gatehouse session it was issued on. Any node holding the cluster's sealing key
 * maps a {@code Last-Event-ID} back to its server and the upstream's own id; an id altered, made up, or
 * presented on another session opens to nothing. The key is derived from the sealing key for this use
 * alone, so an event id can never be replayed as a sealed credential or the other way round.
 */
public final class EventIds {
    private static final String PREFIX = "e1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Longer than any id this class issues for a sane upstream id: longer input is not even decoded. */
    private static final int MAX_ID_CHARS = 2048;

    /** Where a {@code Last-Event-ID} resumes: which server, and after which of its own events. */
    public record Resume(String serverId, String upstreamEventId) {
        public Resume {
            Objects.requireNonNull(serverId, "serverId");
            Objects.requireNonNull(upstreamEventId, "upstreamEventId");
        }
    }

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private EventIds(SecretKeySpec key) {
        this.key = key;
    }

    /** Event ids under a key derived (HMAC-SHA-256) from the node's 32-byte sealing key, shared by the cluster. */
    public static EventIds fromSealingKey(String encodedSealingKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedSealingKey.trim()), "HmacSHA256"));
            byte[] derived = mac.doFinal("gatehouse sse event ids v1".getBytes(StandardCharsets.UTF_8));
            return new EventIds(new SecretKeySpec(derived, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The id a client sees for an upstream event.
     *
     * @param scope the Gatehouse session's handle: the id is good on that session only
     */
    public String issue(String scope, String serverId, String upstreamEventId) {
        byte[] server = serverId.getBytes(StandardCharsets.UTF_8);
        byte[] upstream = upstreamEventId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(2 + server.length + upstream.length);
        plain.putShort((short) server.length).put(server).put(upstream);
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(scope.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.array());
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        }
    }

    /** Where an id issued on {@code scope} resumes; empty for anything else (not ours, altered, another session's). */
    public Optional<Resume> open(String scope, String eventId) {
        if (eventId == null || !eventId.startsWith(PREFIX) || eventId.length() > MAX_ID_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(eventId.substring(PREFIX.length()));
            if (in.length < NONCE_BYTES + TAG_BITS / 8 + 2) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(scope.getBytes(StandardCharsets.UTF_8));
            ByteBuffer plain = ByteBuffer.wrap(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES));
            int serverLength = plain.getShort() & 0xFFFF;
            if (serverLength > plain.remaining()) {
                return Optional.empty();
            }
            byte[] server = new byte[serverLength];
            plain.get(server);
            byte[] upstream = new byte[plain.remaining()];
            plain.get(upstream);
            return Optional.of(new Resume(new String(server, StandardCharsets.UTF_8), new String(upstream, StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty(); // altered, forged, or issued on another session or under another key
        }
    }
}

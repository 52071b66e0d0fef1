package dev.gatehouse.core.audit;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.retention.ManifestSigner;
import dev.gatehouse.core.runtime.GatehouseSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit chain keys a node holds: the current one, which chains every new record, and the keys a
 * re-key retired, which still verify the records chained under them. Each record names its key by id
 * ({@link AuditChain#keyId()}); records from before key ids name none and verify under whichever key fits.
 */
public final class AuditKeys {
    private final AuditChain current;
    private final Map<String, AuditChain> byId = new LinkedHashMap<>();
    /** Signs retention's archive runs under the current key and checks them under any held key; null for {@link #only}. */
    private final ManifestSigner manifestSigner;

    public AuditKeys(byte[] currentKey, List<byte[]> retiredKeys) {
        this(new AuditChain(currentKey), retiredKeys.stream().map(AuditChain::new).toList(),
                new ManifestSigner(currentKey, retiredKeys));
    }

    private AuditKeys(AuditChain current, List<AuditChain> retired, ManifestSigner manifestSigner) {
        this.current = current;
        this.manifestSigner = manifestSigner;
        byId.put(current.keyId(), current);
        for (AuditChain chain : retired) {
            byId.putIfAbsent(chain.keyId(), chain);
        }
    }

    /** One key, no retired ones. */
    public static AuditKeys only(AuditChain chain) {
        return new AuditKeys(chain, List.of(), null);
    }

    /** The node's keys as its settings give them. */
    public static AuditKeys of(GatehouseSettings settings) {
        return new AuditKeys(settings.auditChainKey(), settings.retiredKeys().auditChainKeyBytes());
    }

    /** The key new records are chained with. */
    public AuditChain current() {
        return current;
    }

    /** The key with this id, if the node holds it. */
    public Optional<AuditChain> byId(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /**
     * The signer of retention's archive runs and manifests: it signs under the current key and accepts what any
     * held key signed, so runs archived before a re-key still cover their gaps.
     */
    public ManifestSigner manifestSigner() {
        if (manifestSigner == null) {
            throw new IllegalStateException("audit keys made from a chain alone hold no key bytes to sign archives with");
        }
        return manifestSigner;
    }

    /**
     * Whether {@code e} carries the hash it must have after {@code previousHash}: under the key it names, or, for a
     * record from before key ids, under whichever held key fits. False for a record under a key not held.
     */
    public boolean verifies(AuditEvent e, String previousHash) {
        List<AuditChain> candidates = e.keyId() == null ? all() : byId(e.keyId()).map(List::of).orElse(List.of());
        for (AuditChain chain : candidates) {
            if (chain.verifies(e, previousHash)) {
                return true;
            }
        }
        return false;
    }

    /** Every key held, the current one first. */
    public List<AuditChain> all() {
        return new ArrayList<>(byId.values());
    }
}

package dev.gatehouse.core.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Keys a re-key replaced, kept so that what they made stays usable (docs/cluster.md, "Re-keying"): values
 * sealed under a retired sealing key still open, records chained under a retired audit chain key still
 * verify. New values and records always use the current keys. Settings {@code sealing-old-keys} and
 * {@code audit-chain-old-keys} ({@code GATEHOUSE_SEALING_OLD_KEYS}, {@code GATEHOUSE_AUDIT_CHAIN_OLD_KEYS}):
 * base64 keys separated by commas.
 *
 * @param sealingKeys    retired sealing keys, base64
 * @param auditChainKeys retired audit chain keys, base64
 */
public record RetiredKeys(List<String> sealingKeys, List<String> auditChainKeys) {
    public static final RetiredKeys NONE = new RetiredKeys(List.of(), List.of());

    public RetiredKeys {
        sealingKeys = checked("sealing-old-keys", sealingKeys);
        auditChainKeys = checked("audit-chain-old-keys", auditChainKeys);
    }

    /** The retired keys a node is given, none when unset. */
    public static RetiredKeys from(SettingsSource source) {
        return new RetiredKeys(list(source, "sealing-old-keys"), list(source, "audit-chain-old-keys"));
    }

    /** The retired audit chain keys as bytes. */
    public List<byte[]> auditChainKeyBytes() {
        return auditChainKeys.stream().map(k -> Base64.getDecoder().decode(k)).toList();
    }

    /** The retired sealing keys as bytes. */
    public List<byte[]> sealingKeyBytes() {
        return sealingKeys.stream().map(k -> Base64.getDecoder().decode(k)).toList();
    }

    private static List<String> list(SettingsSource source, String name) {
        return source.get(name).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList())
                .orElse(List.of());
    }

    private static List<String> checked(String name, List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys == null ? List.<String>of() : keys) {
            try {
                if (Base64.getDecoder().decode(k.strip()).length < 32) {
                    throw new IllegalStateException("Gatehouse " + name + ": every key must be 32 bytes or more, in base64");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Gatehouse " + name + " must be base64 keys separated by commas");
            }
            out.add(k.strip());
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "RetiredKeys[sealing=" + sealingKeys.size() + ", auditChain=" + auditChainKeys.size() + "]";
    }
}

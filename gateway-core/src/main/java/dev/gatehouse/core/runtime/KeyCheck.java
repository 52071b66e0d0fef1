package dev.gatehouse.core.runtime;

import dev.gatehouse.core.crypto.KeyIds;
import dev.gatehouse.core.jpa.Transactions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every node sharing a database must hold the same sealing key and audit chain key (docs/cluster.md). A
 * node with another key could not open what the others sealed (503 for gateways with an upstream
 * credential) and would call their audit records altered. So the database keeps a key check value per
 * key ({@code gh_key_check}, V12): the first node records its own, and a node whose value differs refuses
 * to start with a message naming the key and the cure, before it serves anything.
 *
 * <p>A database that cannot be read at start (down, or not migrated yet) is logged and not checked: the
 * node starts, as it does through a database outage. A check value is the first 8 bytes of HMAC-SHA-256 keyed with the key over a fixed label, in hex:
 * equal keys give equal values, and the value reveals nothing usable about the key.
 */
public final class KeyCheck {
    static final String SEALING = "sealing-key";
    static final String AUDIT_CHAIN = "audit-chain-key";
    private static final System.Logger LOG = System.getLogger(KeyCheck.class.getName());

    private KeyCheck() {
    }

    /** Records this node's check values where none is recorded yet; throws if a recorded one differs. */
    public static void verify(Transactions transactions, GatehouseSettings settings, Instant now) {
        check(transactions, SEALING, checkValue(Base64.getDecoder().decode(settings.sealingKey().trim())),
                ids(settings.retiredKeys().sealingKeyBytes()), settings.nodeId(), now);
        check(transactions, AUDIT_CHAIN, checkValue(settings.auditChainKey()),
                ids(settings.retiredKeys().auditChainKeyBytes()), settings.nodeId(), now);
    }

    private static Set<String> ids(List<byte[]> keys) {
        return keys.stream().map(KeyIds::of).collect(java.util.stream.Collectors.toSet());
    }

    /** The check value of {@code key}: its key id, 16 hex digits. */
    public static String checkValue(byte[] key) {
        return KeyIds.of(key);
    }

    private static void check(Transactions transactions, String keyName, String mine, Set<String> retired, String node,
                              Instant now) {
        Optional<Recorded> recorded;
        try {
            recorded = recorded(transactions, keyName);
        } catch (RuntimeException e) {
            // the database cannot be read now (down while the node starts, or a schema not yet migrated):
            // starting matters more, as for the rest of Gatehouse; only a value read and found different refuses
            LOG.log(System.Logger.Level.WARNING, "Gatehouse could not compare its " + keyName
                    + " with the database's key check value (not checked at this start): " + e);
            return;
        }
        if (recorded.isEmpty()) {
            try {
                transactions.inTransaction(em -> em.createNativeQuery("INSERT INTO gh_key_check"
                                + " (key_name, check_value, recorded_by, recorded_at) VALUES (?, ?, ?, ?)")
                        .setParameter(1, keyName).setParameter(2, mine).setParameter(3, node)
                        .setParameter(4, Timestamp.from(now)).executeUpdate());
                return;
            } catch (RuntimeException e) {
                // another node recorded its value at the same moment: compare with that one
                recorded = recorded(transactions, keyName);
                if (recorded.isEmpty()) {
                    throw e;
                }
            }
        }
        Recorded r = recorded.get();
        if (!r.checkValue().equals(mine) && retired.contains(r.checkValue()) && replace(transactions, keyName, r, mine, node, now)) {
            LOG.log(System.Logger.Level.INFO, "Gatehouse " + keyName + " re-keyed by node " + node + ": key " + r.checkValue()
                    + " retired (kept to open and verify what it made), key " + mine + " now current");
            return;
        }
        if (!r.checkValue().equals(mine)) {
            throw new IllegalStateException("Gatehouse " + keyName + " of node " + node + " differs from the one"
                    + " this database was set up with (key check value " + mine + ", the database's is " + r.checkValue()
                    + ", recorded by node " + r.node() + "): every node sharing a database needs the same " + keyName
                    + " (GATEHOUSE_" + keyName.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                    + " or -Dgatehouse." + keyName + "; see docs/cluster.md, \"Keys\")");
        }
    }

    /** The database's value becomes this node's, if it is still the retired one (another node may re-key first). */
    private static boolean replace(Transactions transactions, String keyName, Recorded retired, String mine, String node,
                                   Instant now) {
        int changed = transactions.inTransaction(em -> em.createNativeQuery("UPDATE gh_key_check SET check_value = ?,"
                        + " recorded_by = ?, recorded_at = ? WHERE key_name = ? AND check_value = ?")
                .setParameter(1, mine).setParameter(2, node).setParameter(3, Timestamp.from(now))
                .setParameter(4, keyName).setParameter(5, retired.checkValue()).executeUpdate());
        return changed == 1 || recorded(transactions, keyName).map(r -> r.checkValue().equals(mine)).orElse(false);
    }

    private static Optional<Recorded> recorded(Transactions transactions, String keyName) {
        List<?> rows = transactions.read(em -> em.createNativeQuery(
                        "SELECT check_value, recorded_by FROM gh_key_check WHERE key_name = ?")
                .setParameter(1, keyName).getResultList());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Recorded((String) row[0], (String) row[1]));
    }

    private record Recorded(String checkValue, String node) {
    }
}

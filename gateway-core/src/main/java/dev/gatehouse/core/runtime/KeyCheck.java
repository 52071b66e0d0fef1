package dev.gatehouse.core.runtime;

import dev.gatehouse.core.jpa.Transactions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

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
    private static final byte[] LABEL = "gatehouse key check value".getBytes(StandardCharsets.US_ASCII);

    private KeyCheck() {
    }

    /** Records this node's check values where none is recorded yet; throws if a recorded one differs. */
    public static void verify(Transactions transactions, GatehouseSettings settings, Instant now) {
        check(transactions, SEALING, checkValue(Base64.getDecoder().decode(settings.sealingKey().trim())), settings.nodeId(), now);
        check(transactions, AUDIT_CHAIN, checkValue(settings.auditChainKey()), settings.nodeId(), now);
    }

    /** The check value of {@code key}: 16 hex digits. */
    public static String checkValue(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            byte[] full = mac.doFinal(LABEL);
            return HexFormat.of().formatHex(full, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    private static void check(Transactions transactions, String keyName, String mine, String node, Instant now) {
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
        if (!r.checkValue().equals(mine)) {
            throw new IllegalStateException("Gatehouse " + keyName + " of node " + node + " differs from the one"
                    + " this database was set up with (key check value " + mine + ", the database's is " + r.checkValue()
                    + ", recorded by node " + r.node() + "): every node sharing a database needs the same " + keyName
                    + " (GATEHOUSE_" + keyName.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                    + " or -Dgatehouse." + keyName + "; see docs/cluster.md, \"Keys\")");
        }
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

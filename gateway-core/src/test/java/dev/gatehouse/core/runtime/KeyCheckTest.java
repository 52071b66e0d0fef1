package dev.gatehouse.core.runtime;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes sharing a database must share the sealing and audit chain keys (issue 16 item 4): a node started
 * with another key is refused at start with a message naming the key, both check values and the cure,
 * instead of answering 503 for sealed credentials and raising false audit tamper alarms later.
 */
class KeyCheckTest {
    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final List<Gatehouse> started = new ArrayList<>();
    private final List<EntityManagerFactory> units = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(Gatehouse::close);
        units.forEach(EntityManagerFactory::close);
    }

    @Test
    void secondNodeWhenSameKeysThenStarts() {
        String sealing = SecretBox.newEncodedKey();
        start("node-a", sealing, key(1));

        start("node-b", sealing, key(1));

        assertEquals(2, started.size());
    }

    @Test
    void secondNodeWhenSealingKeyDiffersThenRefusedAtStartNamingTheKey() {
        String sealing = SecretBox.newEncodedKey();
        String other = SecretBox.newEncodedKey();
        start("node-a", sealing, key(1));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start("node-b", other, key(1)));

        String message = refused.getMessage();
        assertTrue(message.startsWith("Gatehouse sealing-key of node node-b differs from the one this database was set up with"), message);
        assertTrue(message.contains(KeyCheck.checkValue(java.util.Base64.getDecoder().decode(other))), message);
        assertTrue(message.contains(KeyCheck.checkValue(java.util.Base64.getDecoder().decode(sealing))), message);
        assertTrue(message.contains("recorded by node node-a"), message);
        assertTrue(message.contains("GATEHOUSE_SEALING_KEY"), message);
        assertFalse(message.contains(other) || message.contains(sealing), "a key itself is never in the message");
    }

    @Test
    void secondNodeWhenAuditChainKeyDiffersThenRefusedAtStartNamingTheKey() {
        String sealing = SecretBox.newEncodedKey();
        start("node-a", sealing, key(1));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start("node-b", sealing, key(2)));

        assertTrue(refused.getMessage().startsWith("Gatehouse audit-chain-key of node node-b differs"), refused.getMessage());
        assertTrue(refused.getMessage().contains("GATEHOUSE_AUDIT_CHAIN_KEY"), refused.getMessage());
    }

    @Test
    void checkValueWhenKeysDifferThenDiffersAndIsSixteenHexDigits() {
        assertEquals(KeyCheck.checkValue(key(1)), KeyCheck.checkValue(key(1)));
        assertFalse(KeyCheck.checkValue(key(1)).equals(KeyCheck.checkValue(key(2))));
        assertTrue(KeyCheck.checkValue(key(1)).matches("[0-9a-f]{16}"), KeyCheck.checkValue(key(1)));
    }

    /**
     * Re-keying (cluster.md): a node given new keys with the old ones as retired keys starts and makes the new
     * keys the database's; a node still given only the old keys is then refused, so no node keeps sealing or
     * chaining under a retired key unnoticed.
     */
    @Test
    void nodeWhenNewKeysWithTheOldOnesRetiredThenStartsAndTheOldKeysAloneAreRefusedAfterwards() {
        String oldSealing = SecretBox.newEncodedKey();
        String newSealing = SecretBox.newEncodedKey();
        start("node-a", oldSealing, key(1));
        started.forEach(Gatehouse::close);
        started.clear();

        start("node-a", newSealing, key(2), new RetiredKeys(List.of(oldSealing),
                List.of(java.util.Base64.getEncoder().encodeToString(key(1)))));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> start("node-b", oldSealing, key(1)));

        assertEquals(1, started.size());
        assertTrue(refused.getMessage().startsWith("Gatehouse sealing-key of node node-b differs"), refused.getMessage());
        assertTrue(refused.getMessage().contains("the database's is " + KeyCheck.checkValue(
                java.util.Base64.getDecoder().decode(newSealing))), refused.getMessage());
    }

    /**
     * Upstream identities' secrets (a user's personal token, a server's shared credential) are sealed values like
     * any other: sealed before a re-key they still open on the re-keyed node, and a secret stored again there is
     * sealed under the new key, named by its id ({@code v2:<id>:}), so the retired key can go once none is left.
     */
    @Test
    void identitySecretWhenSealedBeforeAReKeyThenOpensAfterItAndIsSealedUnderTheNewKeyWhenStoredAgain() throws Exception {
        String oldSealing = SecretBox.newEncodedKey();
        String newSealing = SecretBox.newEncodedKey();
        start("node-a", oldSealing, key(1));
        Gatehouse before = started.get(0);
        before.catalog().createServer(new dev.gatehouse.core.store.NewServer("Demo", "demo", "http://localhost:9/mcp",
                "Authorization", "Bearer shared-secret", null, null), "admin");
        String personal = before.identities().putSecret("demo", "alice", "X-Api-Key", "alice-secret", "alice").id();
        String oldId = dev.gatehouse.core.crypto.KeyIds.of(java.util.Base64.getDecoder().decode(oldSealing));
        assertTrue(sealedSecrets().stream().allMatch(v -> v.startsWith("v2:" + oldId + ":")), sealedSecrets()::toString);
        started.forEach(Gatehouse::close);
        started.clear();

        start("node-a", newSealing, key(2), new RetiredKeys(List.of(oldSealing),
                List.of(java.util.Base64.getEncoder().encodeToString(key(1)))));
        Gatehouse after = started.get(0);
        assertEquals("alice-secret", after.identities().standing(personal).orElseThrow().credential().value());
        String shared = after.identities().list(java.util.Optional.empty()).stream()
                .filter(i -> i.owner() == null).findFirst().orElseThrow().id();
        assertEquals("Bearer shared-secret", after.identities().standing(shared).orElseThrow().credential().value());

        after.identities().putSecret("demo", "alice", "X-Api-Key", "alice-secret-2", "alice");
        String newId = dev.gatehouse.core.crypto.KeyIds.of(java.util.Base64.getDecoder().decode(newSealing));
        assertTrue(sealedSecrets().stream().anyMatch(v -> v.startsWith("v2:" + newId + ":")), sealedSecrets()::toString);
        assertEquals("alice-secret-2", after.identities().standing(personal).orElseThrow().credential().value());
    }

    private List<String> sealedSecrets() throws java.sql.SQLException {
        List<String> values = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(url, "sa", "");
             var rows = c.createStatement().executeQuery("SELECT secret_sealed FROM gh_upstream_identity")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void nodeWhenTheDatabaseKeyIsNeitherItsKeyNorARetiredOneThenRefused() {
        String sealing = SecretBox.newEncodedKey();
        start("node-a", sealing, key(1));

        assertThrows(IllegalStateException.class, () -> start("node-b", sealing, key(3),
                new RetiredKeys(List.of(), List.of(java.util.Base64.getEncoder().encodeToString(key(2))))));
    }

    private void start(String node, String sealing, byte[] auditKey) {
        start(node, sealing, auditKey, RetiredKeys.NONE);
    }

    private void start(String node, String sealing, byte[] auditKey, RetiredKeys retired) {
        EntityManagerFactory emf = GatehousePersistence.open(url, "sa", "");
        units.add(emf);
        GatehouseSettings settings = new GatehouseSettings(node, auditKey, sealing, Duration.ofSeconds(5),
                GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of()).withRetiredKeys(retired);
        started.add(Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), () -> { }));
    }

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }
}

package dev.gatehouse.servers.payara;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.servers.DemoUpstream;
import dev.gatehouse.servers.DocumentedCommands;
import dev.gatehouse.servers.Folders;
import dev.gatehouse.servers.FormSignIn;
import dev.gatehouse.servers.GatehouseNode;
import dev.gatehouse.servers.JBossCli;
import dev.gatehouse.servers.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gatehouse on a WildFly and a Payara Server sharing one real PostgreSQL, each set up with the deploy docs'
 * own command files ({@code docs/commands/}: the schema migrated as its owner, WildFly's datasource with
 * jboss-cli, Payara's pool and shared keys with asadmin), as an enterprise admin builds a first cluster.
 * The Payara domain is this module's (after the tutorial on its default database: classes run in
 * {@link Order} order); the WildFly is started beside it from its own distribution.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyAndPayaraOnPostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLUG = "cluster";
    /** How long a node may take to answer again once PostgreSQL is back: a few seconds, not a pool's 30 to 40. */
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    private static final Duration SERVER_COMMANDS = Duration.ofMinutes(10);
    /** A user of WildFly's realm whose password is guessed at (not the admin the other tests use). */
    private static final String GUESSED_USER = "guessed-admin";
    private static final String GUESSED_PASSWORD = "Guessed-Pa55word-Right";
    private static Path target;
    private static Path keys;
    private static Path wildflyHome;
    private static DemoUpstream upstream;
    private static RestartablePostgres postgres;
    private static WildFlyNode wildfly;
    private static GatehouseNode onWildFly;
    private static GatehouseNode onPayara;

    @BeforeAll
    static void wildFlyAndPayaraOnOnePostgres() throws Exception {
        target = Path.of(System.getProperty("gatehouse.it.target"));
        upstream = DemoUpstream.start();
        postgres = RestartablePostgres.startWithGatehouseRoles(target.resolve("postgres-data"));
        Path driver = driverFolder();
        Path migrating = target.resolve("migrate-postgresql");
        Folders.deleteRecursively(migrating);
        Files.createDirectories(migrating);
        DocumentedCommands.run("migrate-postgresql.sh", withJava(Map.of(
                "GATEHOUSE_JAR", System.getProperty("gatehouse.launcher.jar"), "DB_URL", postgres.gatehouseUrl())),
                migrating, SERVER_COMMANDS);
        // a migration keeps nothing of a node (issue 16 item 8): no data folder left where the admin ran it
        assertFalse(Files.exists(migrating.resolve("gatehouse-data")), "--migrate-only left an empty data folder");
        // the cluster's keys in one file every node reads (cluster.md, "Keys")
        keys = target.resolve("keys.env");
        Files.writeString(keys, "GATEHOUSE_SEALING_KEY=" + newKey() + "\nGATEHOUSE_AUDIT_CHAIN_KEY=" + newKey() + "\n");

        wildflyHome = Path.of(System.getProperty("wildfly.node.home"));
        WildFlyNode.asUnpacked(wildflyHome);
        addWildFlyUser(wildflyHome, System.getProperty("gatehouse.it.admin.user"), System.getProperty("gatehouse.it.admin.password"));
        addWildFlyUser(wildflyHome, GUESSED_USER, GUESSED_PASSWORD);
        Folders.deleteRecursively(wildflyData());
        wildfly = startWildFly();
        DocumentedCommands.run("wildfly-postgresql.sh", withJava(Map.of("WILDFLY", wildflyHome.toString(),
                "CONTROLLER", wildfly.controller(), "DB_URL", postgres.gatehouseUrl())), driver, SERVER_COMMANDS);
        JBossCli.Result deployed = wildfly.cli("deploy " + ear());
        assertTrue(deployed.succeeded(), deployed.output() + "\n" + wildfly.log());
        onWildFly = GatehouseNode.ear(wildfly.baseUrl());

        // Payara as deploy-payara.md runs it: deployed (step 2), then the shared keys and PostgreSQL (step 3)
        asadmin("deploy", ear());
        Map<String, String> payara = Map.of("PAYARA", System.getProperty("payara.home"),
                "AS_ADMIN_PORT", System.getProperty("payara.admin.port"));
        DocumentedCommands.run("payara-keys.sh", withJava(with(payara, Map.of("KEYS", keys.toString()))));
        // base64 keys end in '=', which create-system-properties drops unless escaped (issue 16 item 8)
        String properties = asadmin("list-system-properties");
        for (Map.Entry<String, String> key : Map.of("gatehouse.sealing-key", "GATEHOUSE_SEALING_KEY",
                "gatehouse.audit-chain-key", "GATEHOUSE_AUDIT_CHAIN_KEY").entrySet()) {
            String value = keysFile().get(key.getValue());
            assertTrue(value.endsWith("=") && properties.contains(key.getKey() + "=" + value + "\n"),
                    key.getKey() + " is not the keys file's whole value: " + properties.replaceAll("(?m)=.+$", "=…"));
        }
        onPayara = GatehouseNode.ear(System.getProperty("gatehouse.it.base-url"));
        DocumentedCommands.run("payara-postgresql.sh", withJava(with(payara, Map.of("DB_HOST", "127.0.0.1",
                "DB_PORT", String.valueOf(postgres.port()), "DOMAIN", System.getProperty("payara.domain"),
                "GATEHOUSE", onPayara.baseUrl() + onPayara.gatewayContext()))), driver, SERVER_COMMANDS);

        onWildFly.publish(SLUG, upstream.url());
    }

    @AfterAll
    static void stopWildFlyAndPostgres() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {wildfly, postgres, upstream}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** A token revoked through one node is refused by the other on its very next request, both ways. */
    @Test
    @Order(1)
    void tokenRevokedOnOneNodeIsRefusedOnTheOtherAtOnce() throws Exception {
        for (GatehouseNode[] pair : new GatehouseNode[][] {{onWildFly, onPayara}, {onPayara, onWildFly}}) {
            GatehouseNode revoking = pair[0];
            GatehouseNode other = pair[1];
            JsonNode connection = revoking.connectNewHost("Cluster bot " + UUID.randomUUID(), SLUG);
            String token = connection.get("token").asText();
            assertEquals(200, other.mcp(SLUG, token, GatehouseNode.echoCall(1, "before"), null).statusCode());

            revoking.admin("DELETE", "/connections/" + connection.get("id").asText(), null, 204);
            HttpResponse<String> after = other.mcp(SLUG, token, GatehouseNode.echoCall(2, "after"), null);

            assertEquals(401, after.statusCode(), other.baseUrl() + " accepted a token revoked through " + revoking.baseUrl());
        }
    }

    /**
     * The console's form sign-in ({@code j_security_check}) is the container's, before any filter of the admin
     * WAR; on WildFly its realm's own brute-force protection (Elytron, on by default) answers guessing, as
     * security.md says: after a run of wrong passwords the right one no longer signs the user in.
     */
    @Test
    @Order(2)
    void formSignInOnWildFlyWhenPasswordsAreGuessedThenTheRightOneNoLongerSignsIn() throws Exception {
        String console = onWildFly.baseUrl() + onWildFly.adminContext();
        assertTrue(FormSignIn.signsIn(console, GUESSED_USER, GUESSED_PASSWORD), "the user signs in before any guess");

        for (int guess = 0; guess < 12; guess++) {
            assertFalse(FormSignIn.signsIn(console, GUESSED_USER, "wrong-guess-" + guess));
        }

        assertFalse(FormSignIn.signsIn(console, GUESSED_USER, GUESSED_PASSWORD), "the right password signed in after 12 guesses");
    }

    /** An MCP session opened on WildFly goes on on Payara and back: sessions live in the database. */
    @Test
    @Order(2)
    void sessionOpenedOnWildFlyGoesOnOnPayara() throws Exception {
        String token = onWildFly.connectNewHost("Session bot " + UUID.randomUUID(), SLUG).get("token").asText();
        HttpResponse<String> init = onWildFly.mcp(SLUG, token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"cluster-test\",\"version\":\"1\"}}}", null);
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError("no session id"));

        assertEquals(202, onPayara.mcp(SLUG, token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                session).statusCode());
        HttpResponse<String> onTheOther = onPayara.mcp(SLUG, token, GatehouseNode.echoCall(2, "via payara"), session);
        HttpResponse<String> back = onWildFly.mcp(SLUG, token, GatehouseNode.echoCall(3, "via wildfly"), session);

        assertEquals(200, onTheOther.statusCode(), onTheOther.body());
        assertTrue(onTheOther.body().contains("via payara"), onTheOther.body());
        assertEquals(200, back.statusCode(), back.body());
        assertTrue(back.body().contains("via wildfly"), back.body());
    }

    /**
     * PostgreSQL restarted under both servers (issue 16 item 3): while it is down every call is refused
     * {@code 503} and none reaches the upstream (fail closed: nothing unaudited), the health check says
     * {@code DOWN}; once it is back, the very first call on each node is answered, within seconds, because
     * the documented datasources validate their connections (without that, WildFly stayed 503 until the
     * pool was flushed by hand and Payara for 30 to 40 s).
     */
    @Test
    @Order(3)
    void postgresRestartedUnderBothServersTheyFailClosedThenAnswerAtOnce() throws Exception {
        String token = onWildFly.connectNewHost("Restart bot " + UUID.randomUUID(), SLUG).get("token").asText();
        List<GatehouseNode> nodes = List.of(onWildFly, onPayara);
        for (GatehouseNode node : nodes) {
            assertEquals(200, node.mcp(SLUG, token, GatehouseNode.echoCall(1, "before"), null).statusCode());
        }
        long upstreamBefore = upstream.requests();

        postgres.stop();
        List<String> duringOutage = new ArrayList<>();
        for (GatehouseNode node : nodes) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> refused = node.mcp(SLUG, token, GatehouseNode.echoCall(10 + i, "outage"), null);
                duringOutage.add(node.baseUrl() + " " + refused.statusCode() + " " + refused.body());
                assertEquals(503, refused.statusCode(), node.baseUrl() + " during the outage: " + refused.body());
            }
            assertEquals(503, node.gatewayGet("/health").statusCode(), node.baseUrl() + " health during the outage");
        }
        assertEquals(upstreamBefore, upstream.requests(), "requests reached the upstream while the database was down: " + duringOutage);

        postgres.start();
        long back = System.nanoTime();
        for (GatehouseNode node : nodes) {
            HttpResponse<String> first = node.mcp(SLUG, token, GatehouseNode.echoCall(20, "after"), null);
            assertEquals(200, first.statusCode(), node.baseUrl() + "'s first call after the restart: " + first.body());
            assertTrue(first.body().contains("after"), first.body());
        }
        Duration recovered = Duration.ofNanos(System.nanoTime() - back);
        System.out.println("Both nodes answered " + recovered.toMillis() + " ms after PostgreSQL was back");
        assertTrue(recovered.compareTo(RECOVERY) < 0, "recovered in " + recovered);
    }

    /** Both nodes walk every node's audit chain, their own and the other's, and find it intact. */
    @Test
    @Order(4)
    void auditVerifyIsCleanOnBothNodes() throws Exception {
        for (GatehouseNode node : List.of(onWildFly, onPayara)) {
            JsonNode verify = node.admin("GET", "/audit/verify", null, 200);
            assertTrue(verify.path("intact").asBoolean(), node.baseUrl() + ": " + verify);
            assertTrue(verify.path("chains").size() >= 2, "both nodes' chains: " + verify);
        }
    }

    /**
     * Re-keying as cluster.md documents it ({@code docs/commands/rekey.sh} on the cluster's keys file, the node
     * restarted with the file): WildFly chains and seals under the new keys from then on and keeps the old
     * ones as retired keys, so a gateway whose upstream credential was sealed before still answers, and
     * {@code /api/audit/verify} is intact across the change, records under both keys. Payara, still on the old
     * keys, is refused nothing it did before (its records verify on WildFly, under the retired key).
     */
    @Test
    @Order(5)
    void reKeyedNodeStillOpensOldCredentialsAndVerifiesTheChainAcrossTheChange() throws Exception {
        String sealed = "sealed-" + UUID.randomUUID().toString().substring(0, 8);
        onWildFly.admin("POST", "/servers", Map.of("name", "Demo with a credential", "slug", sealed, "url", upstream.url(),
                "authHeaderName", "X-Demo-Key", "authSecret", "sealed before the re-key"), 201);
        onWildFly.admin("POST", "/gateways", Map.of("name", "Sealed", "slug", sealed,
                "servers", new Object[] {Map.of("server", sealed)}), 201);
        String token = onWildFly.connectNewHost("Re-key bot " + UUID.randomUUID(), sealed).get("token").asText();
        assertEquals(200, onWildFly.mcp(sealed, token, GatehouseNode.echoCall(1, "before"), null).statusCode());

        DocumentedCommands.run("rekey.sh", Map.of("KEYS", keys.toString()));
        wildfly.close();
        wildfly = startWildFly();
        awaitHealthy(onWildFly);

        HttpResponse<String> after = onWildFly.mcp(sealed, token, GatehouseNode.echoCall(2, "after the re-key"), null);
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(200, onPayara.mcp(sealed, token, GatehouseNode.echoCall(3, "payara, old keys"), null).statusCode());
        JsonNode verify = onWildFly.admin("GET", "/audit/verify", null, 200);
        assertTrue(verify.path("intact").asBoolean(), verify.toString());
        try (var c = java.sql.DriverManager.getConnection(postgres.gatehouseUrl(), "postgres", "");
             var r = c.createStatement().executeQuery("SELECT count(DISTINCT key_id) FROM gatehouse.gh_audit_event")) {
            r.next();
            assertEquals(2, r.getInt(1), "records under the old and the new audit chain key");
        }
    }

    /**
     * A node given another sealing key than the database was set up with is refused at deployment, with a
     * message naming the key and the cure (cluster.md, "Keys"); tried last, on WildFly, by changing the
     * key and deploying again.
     */
    @Test
    @Order(6)
    void nodeWithAnotherKeyIsRefusedAtDeploymentNamingTheKey() throws Exception {
        JBossCli.Result set = wildfly.cli("/system-property=gatehouse.sealing-key:add(value=\"" + newKey() + "\")");
        assertTrue(set.succeeded(), set.output());

        JBossCli.Result redeploy = wildfly.cli("deploy --force " + ear());

        assertFalse(redeploy.succeeded(), "deployed with another sealing key: " + redeploy.output());
        String log = wildfly.log();
        assertTrue(log.contains("Gatehouse sealing-key of node") && log.contains("differs from the one this database was set up with")
                && log.contains("docs/cluster.md, \"Keys\""), redeploy.output() + "\n" + log);
    }

    private static WildFlyNode startWildFly() throws Exception {
        Map<String, String> environment = new HashMap<>(keysFile());
        environment.put("GATEHOUSE_DATA", wildflyData().toString());
        return WildFlyNode.start(wildflyHome, environment);
    }

    private static Path wildflyData() {
        return target.resolve("wildfly-node-data");
    }

    /** The keys file's variables, as a service manager (systemd EnvironmentFile=) hands them to a node. */
    private static Map<String, String> keysFile() throws Exception {
        Map<String, String> variables = new HashMap<>();
        for (String line : Files.readAllLines(keys)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                variables.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return variables;
    }

    private static void awaitHealthy(GatehouseNode node) throws Exception {
        long deadline = System.nanoTime() + SERVER_COMMANDS.toNanos();
        while (node.gatewayGet("/health").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.baseUrl() + " is not healthy after " + SERVER_COMMANDS);
            }
            Thread.sleep(500);
        }
    }

    private static String ear() {
        return Path.of(System.getProperty("gatehouse.ear")).toAbsolutePath().normalize().toString();
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A folder holding the PostgreSQL driver jar under the name the docs use, as the admin fetches it. */
    private static Path driverFolder() throws Exception {
        Path jar = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = Files.createDirectories(target.resolve("jdbc-driver"));
        Files.copy(jar, folder.resolve("postgresql-" + org.postgresql.util.DriverInfo.DRIVER_VERSION + ".jar"),
                StandardCopyOption.REPLACE_EXISTING);
        return folder;
    }

    private static void addWildFlyUser(Path home, String user, String password) throws Exception {
        ProcessBuilder b = new ProcessBuilder(home.resolve("bin/add-user.sh").toString(), "-a", "-u", user, "-p", password,
                "-g", "gatehouse-admin", "-s").redirectErrorStream(true);
        b.environment().put("JAVA_HOME", System.getProperty("java.home"));
        run(b, "add-user.sh " + user);
    }

    /** Runs asadmin against the module's domain; what it printed. */
    private static String asadmin(String... arguments) throws Exception {
        return Asadmin.run(arguments);
    }

    private static String run(ProcessBuilder builder, String what) throws Exception {
        Path output = Files.createTempFile("gatehouse-it-", ".log");
        try {
            Process p = builder.redirectOutput(output.toFile()).start();
            if (!p.waitFor(SERVER_COMMANDS.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + " did not finish: " + Files.readString(output));
            }
            assertEquals(0, p.exitValue(), what + ": " + Files.readString(output));
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Map<String, String> withJava(Map<String, String> environment) {
        return with(environment, Map.of("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"),
                "JAVA_HOME", System.getProperty("java.home"), "AS_JAVA", System.getProperty("java.home")));
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(a);
        all.putAll(b);
        return all;
    }
}

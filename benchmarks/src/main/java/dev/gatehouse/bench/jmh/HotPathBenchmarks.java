package dev.gatehouse.bench.jmh;

import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;
import dev.gatehouse.core.token.TokenHasher;
import jakarta.persistence.EntityManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microbenchmarks of the pieces every {@code tools/call} goes through: token parse (shape and checksum,
 * no database), token verify (SHA-256 and constant-time compare), the whole token check (indexed read
 * on H2 in memory), the JSON-RPC envelope parse, and a durable audit append alone and with 16 callers
 * sharing group commits (H2 file database with WRITE_DELAY=0, as the launcher opens it).
 *
 * <p>Run: {@code java -cp benchmarks/target/gatehouse-bench.jar org.openjdk.jmh.Main HotPath}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {
    static final byte[] CALL = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"message\":\"hello\"}}}").getBytes(StandardCharsets.UTF_8);

    /** A Gatehouse over an H2 file database with one gateway, host and token. */
    @State(Scope.Benchmark)
    public static class Runtime {
        Gatehouse gatehouse;
        String token;
        ParsedToken parsed;
        String storedHash;
        final JsonRpcParser parser = new JsonRpcParser();

        @Setup(Level.Trial)
        public void start() throws Exception {
            var data = Files.createTempDirectory("gatehouse-jmh-");
            EntityManagerFactory emf = GatehousePersistence.open("jdbc:h2:file:" + data.resolve("db")
                    + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
            gatehouse = Gatehouse.start(KeyStoreFile.load(data, SettingsSource.system()),
                    new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
            gatehouse.catalog().createServer(new NewServer("Demo", "demo", "http://127.0.0.1:9/mcp",
                    null, null, null, null), "jmh");
            gatehouse.catalog().createGateway(new NewGateway("Quickstart", "quickstart", "",
                    List.of(new NewGateway.Assignment("demo", null))), "jmh");
            String host = gatehouse.hosts().createHost(new NewHost("jmh", HostKind.TOKEN, ""), "jmh").id();
            token = gatehouse.connections().connect(host, "quickstart", null, "jmh").token();
            parsed = ApiTokenFormat.parse(token).orElseThrow();
            storedHash = TokenHasher.hash(token);
        }

        @TearDown(Level.Trial)
        public void stop() {
            gatehouse.close();
        }
    }

    @Benchmark
    public Object tokenParse(Runtime r) {
        return ApiTokenFormat.parse(r.token);
    }

    @Benchmark
    public boolean tokenVerify(Runtime r) {
        return TokenHasher.matches(r.token, r.storedHash);
    }

    @Benchmark
    public Authentication tokenAuthenticate(Runtime r) {
        return r.gatehouse.authenticator().authenticate(r.parsed);
    }

    @Benchmark
    public Object jsonRpcEnvelopeParse(Runtime r) {
        return r.parser.parse(CALL);
    }

    @Benchmark
    public AuditEvent auditAppendDurablyAlone(Runtime r) {
        return r.gatehouse.audit().appendDurably(event());
    }

    @Benchmark
    @Threads(16)
    public AuditEvent auditAppendDurably16Callers(Runtime r) {
        return r.gatehouse.audit().appendDurably(event());
    }

    private static AuditEvent event() {
        return AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).gateway("quickstart").server("demo")
                .tool("echo").method("tools/call").jsonRpcId("1")
                .correlationId(java.util.UUID.randomUUID().toString()).time(java.time.Instant.now()).build();
    }
}

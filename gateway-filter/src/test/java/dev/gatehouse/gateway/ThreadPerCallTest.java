package dev.gatehouse.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst of calls through the gateway starts no thread per call (issue 15): the upstream leg runs on the
 * node's bounded pools, never on the JDK's default async pool (which on two or fewer CPUs starts a thread for
 * every task). Counted with the JVM's started-thread counter over 500 calls from 8 clients at once, the
 * whole process included (gateway, upstream, clients): pools may grow by a few threads, never by hundreds.
 * Not timed.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreadPerCallTest {
    private static final int CLIENTS = 8;
    private static final int CALLS = 500;
    /** Far below one per call; room for pools growing to the burst's concurrency on each leg. */
    private static final int MOST_THREADS_STARTED = 60;

    private GatewayHarness gw;
    private ThreadPoolExecutor clients;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        clients = new ThreadPoolExecutor(CLIENTS, CLIENTS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
        clients.prestartAllCoreThreads();
    }

    @AfterAll
    void stop() {
        clients.shutdownNow();
    }

    @Test
    @Timeout(120)
    void burstOfToolCallsWhenThroughGatewayThenNoThreadStartedPerCall() throws Exception {
        burst(64, "warm"); // pools, connections and classes of both legs in place
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, String> alive = names(threads);
        long before = threads.getTotalStartedThreadCount();
        burst(CALLS, "burst");
        long started = threads.getTotalStartedThreadCount() - before;
        Map<Long, String> now = names(threads);
        now.keySet().removeAll(alive.keySet());
        assertTrue(started <= MOST_THREADS_STARTED, started + " threads started for " + CALLS
                + " calls; new ones still alive: " + now.values().stream().sorted().collect(Collectors.joining(", ")));
    }

    private void burst(int calls, String tag) throws Exception {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String id = tag + "-" + i;
            // half the clients accept only JSON, half an event stream: both relays
            String[] accept = i % 2 == 0 ? new String[] {"Accept", "application/json"} : new String[0];
            answers.add(clients.submit(() -> McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                    "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                            + "\"arguments\":{\"message\":\"" + id + "\"}}}", accept)));
        }
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"result\""), r.body());
        }
    }

    private static Map<Long, String> names(ThreadMXBean threads) {
        Map<Long, String> names = new TreeMap<>();
        Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds())).filter(java.util.Objects::nonNull)
                .forEach(t -> names.put(t.getThreadId(), t.getThreadName()));
        return names;
    }
}

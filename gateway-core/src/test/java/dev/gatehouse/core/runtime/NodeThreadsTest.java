package dev.gatehouse.core.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node's pools: bounded, idle threads reused, work beyond the bound queued (never refused, never a thread per task). */
class NodeThreadsTest {
    private final NodeThreads threads = NodeThreads.plain();

    @Test
    @Timeout(20)
    void poolWhenMoreTasksThanItsBoundWaitAtOnceThenTheyQueueAndAllRunOnBoundManyThreads() throws Exception {
        ExecutorService pool = threads.pool("test-bounded", 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(6);
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 6; i++) {
            pool.execute(() -> {
                names.add(Thread.currentThread().getName());
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
        }
        release.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS), "queued tasks ran");
        assertEquals(Set.of("test-bounded-1", "test-bounded-2"), names);
        pool.shutdownNow();
    }

    @Test
    void detectWhenNoNamingContextThenPlainDaemonThreads() {
        NodeThreads detected = NodeThreads.detect();
        assertFalse(detected.managed());
        Thread t = detected.named("test-plain").newThread(() -> { });
        assertTrue(t.isDaemon());
        assertEquals("test-plain-1", t.getName());
    }
}

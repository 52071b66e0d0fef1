package dev.gatehouse.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An OTLP/HTTP collector for tests: takes {@code /v1/traces} and {@code /v1/metrics} as binary protobuf,
 * decodes them with the real {@code opentelemetry-proto} messages, keeps every span and metric, answers
 * {@code 200} with the (empty) export response. On an ephemeral loopback port.
 */
final class OtlpReceiver implements AutoCloseable {
    final List<Span> spans = new CopyOnWriteArrayList<>();
    final List<Metric> metrics = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body(exchange));
            request.getResourceSpansList().forEach(r -> r.getScopeSpansList().forEach(s -> spans.addAll(s.getSpansList())));
            answer(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        });
        server.createContext("/v1/metrics", exchange -> {
            ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body(exchange));
            request.getResourceMetricsList().forEach(r -> r.getScopeMetricsList().forEach(s -> metrics.addAll(s.getMetricsList())));
            answer(exchange, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
        });
        server.setExecutor(executor);
        server.start();
    }

    private byte[] body(HttpExchange exchange) throws IOException {
        contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
        return exchange.getRequestBody().readAllBytes();
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Waits (bounded) for a span matching {@code filter}. */
    Span awaitSpan(Predicate<Span> filter, String missing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (Span s : spans) {
                if (filter.test(s)) {
                    return s;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(missing + "; spans received: " + spans.stream().map(Span::getName).toList());
    }

    /** Waits (bounded) for a metric named {@code name}. */
    Metric awaitMetric(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (int i = metrics.size() - 1; i >= 0; i--) {
                if (metrics.get(i).getName().equals(name)) {
                    return metrics.get(i);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no metric " + name + "; received: " + metrics.stream().map(Metric::getName).distinct().toList());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

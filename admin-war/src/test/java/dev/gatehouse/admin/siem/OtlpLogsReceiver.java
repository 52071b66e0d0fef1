package dev.gatehouse.admin.siem;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP logs collector for tests on Jetty: takes {@code POST /v1/logs} as binary protobuf, decodes it
 * with the real {@code opentelemetry-proto} messages and keeps every log record with its resource, answers
 * {@code 200} with the export response. {@link #kill} stops it (connections cut, requests in flight lost) and
 * {@link #restart} brings it back on the same port.
 */
final class OtlpLogsReceiver implements AutoCloseable {
    /** One log record as received, with the attributes of the resource it came under. */
    record Received(List<KeyValue> resource, LogRecord log, String contentType, String authorization) {
        long id() {
            return attribute("gatehouse.record.id").getIntValue();
        }

        long sequence() {
            return attribute("gatehouse.sequence").getIntValue();
        }

        AnyValue attribute(String key) {
            return value(log.getAttributesList(), key);
        }

        String resourceAttribute(String key) {
            return value(resource, key).getStringValue();
        }

        private static AnyValue value(List<KeyValue> attributes, String key) {
            return attributes.stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError("no attribute " + key + " in " + attributes));
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Received> received = new CopyOnWriteArrayList<>();

    OtlpLogsReceiver() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!request.getHttpURI().getPath().equals("/v1/logs")) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                ExportLogsServiceRequest export = ExportLogsServiceRequest.parseFrom(
                        Content.Source.asInputStream(request).readAllBytes());
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
                for (ResourceLogs r : export.getResourceLogsList()) {
                    r.getScopeLogsList().forEach(s -> s.getLogRecordsList().forEach(l -> received.add(
                            new Received(r.getResource().getAttributesList(), l, type, authorization))));
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-protobuf");
                response.write(true, ByteBuffer.wrap(ExportLogsServiceResponse.getDefaultInstance().toByteArray()), callback);
                return true;
            }
        });
        server.start();
        connector.setPort(connector.getLocalPort()); // a restart binds the same port again
    }

    String url() {
        return "http://127.0.0.1:" + connector.getPort();
    }

    List<Received> received() {
        return received;
    }

    /** Stops at once: open connections are cut, a request in flight gets no answer. */
    void kill() throws Exception {
        server.setStopTimeout(0);
        server.stop();
    }

    void restart() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

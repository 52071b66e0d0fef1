package dev.gatehouse.admin.siem;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP receiver on Jetty for the HEC and {@code _bulk} sinks and alert webhooks: keeps every request
 * (path, the headers that matter, body) and answers what the test's function says.
 */
final class HttpReceiver implements AutoCloseable {
    /** One request as received. */
    record Received(String method, String path, String authorization, String contentType, String body, String signature) {
    }

    /** An answer: status and JSON body. */
    record Answer(int status, String body) {
    }

    private final Server server = new Server();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> answers;

    HttpReceiver(Function<Received, Answer> answers) throws Exception {
        this.answers = answers;
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                Received r = new Received(request.getMethod(), request.getHttpURI().getPath(),
                        request.getHeaders().get(HttpHeader.AUTHORIZATION), request.getHeaders().get(HttpHeader.CONTENT_TYPE), body,
                        request.getHeaders().get("Gatehouse-Signature"));
                requests.add(r);
                Answer a = HttpReceiver.this.answers.apply(r);
                response.setStatus(a.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, java.nio.ByteBuffer.wrap(a.body().getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    List<Received> requests() {
        return requests;
    }

    void answer(Function<Received, Answer> next) {
        this.answers = next;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

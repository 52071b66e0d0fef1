package dev.gatehouse.core.upstream;

import dev.gatehouse.core.text.LogText;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One request to an upstream on Jetty's non-blocking {@code HttpClient}, under the same two deadlines as
 * {@link UpstreamExchange} (the server's connect timeout until the request is on a connection, its read
 * timeout for the whole exchange, a streamed body included). No thread waits for the answer: the reply is
 * decided on the client's threads when the headers (an event stream) or the whole body (JSON, an error) are
 * in. Whichever of the reply, a deadline or a failure comes first decides; the others abort the request,
 * which closes its connection.
 */
final class JettyExchange implements Response.Listener {
    private enum Kind { REFUSED, PLAIN, STREAM }

    private final CompletableFuture<UpstreamResponse> reply = new CompletableFuture<>();
    private final Request request;
    private volatile boolean connected;
    private volatile Deadlines.Deadline connectDeadline;
    private volatile Deadlines.Deadline readDeadline;
    private volatile JettyEventStream stream;
    // decided by the headers; the response's listener calls are serial, and the body is read in order after them
    private Kind kind;
    private int status;
    private String session;
    private String type;
    /** The scope of a 403's insufficient_scope challenge (a step-up), else null. */
    private String stepUp;
    private ByteArrayOutputStream collected;
    private int max;
    private Content.Source source;

    private JettyExchange(Request request) {
        this.request = request;
    }

    /**
     * Sends the request; {@code readTimeout} null for a listen stream, which lasts as long as its client keeps
     * it. The future never completes exceptionally; cancelling it before the reply aborts the request.
     */
    static CompletableFuture<UpstreamResponse> send(Request request, Duration connectTimeout, Duration readTimeout,
                                                    Deadlines deadlines) {
        JettyExchange exchange = new JettyExchange(request);
        exchange.start(connectTimeout, readTimeout, deadlines);
        return exchange.reply;
    }

    private void start(Duration connectTimeout, Duration readTimeout, Deadlines deadlines) {
        connectDeadline = deadlines.after(connectTimeout, this::connectExpired);
        if (readTimeout != null) {
            readDeadline = deadlines.after(readTimeout, this::expire);
        }
        reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) { // the caller gave up before the reply (a listen stream's client left)
                abort();
                finish();
            }
        });
        // "begin" is when the request goes out on a connection: from then on only the read deadline applies
        request.onRequestBegin(r -> connected = true);
        request.send(this);
    }

    @Override
    public void onHeaders(Response response) {
        status = response.getStatus();
        HttpFields headers = response.getHeaders();
        session = headers.get(McpHeaders.SESSION_ID);
        if (status < 200 || status > 299) {
            stepUp = status == 403 ? ScopeChallenge.insufficientScope(headers.getValuesList("WWW-Authenticate")) : null;
            begin(Kind.REFUSED, UpstreamExchange.MAX_ERROR_BYTES);
            return;
        }
        type = UpstreamExchange.mediaType(headers.get("Content-Type"));
        if (McpHeaders.EVENT_STREAM.equals(type)) {
            kind = Kind.STREAM;
            JettyEventStream s = new JettyEventStream(status, session, UpstreamExchange.MAX_EVENT_BYTES, this::finish,
                    this::abort);
            stream = s;
            settle(s.response());
            return;
        }
        begin(Kind.PLAIN, UpstreamExchange.MAX_REPLY_BYTES);
    }

    private void begin(Kind k, int bound) {
        kind = k;
        max = bound;
        collected = new ByteArrayOutputStream(Math.min(bound, 1024));
    }

    @Override
    public void onContentSource(Response response, Content.Source content) {
        if (kind == Kind.STREAM) {
            stream.attach(content);
            return;
        }
        source = content;
        collect();
    }

    /** Reads the body as it arrives, up to the bound, and decides the reply at its end. */
    private void collect() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this::collect);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                settle(new UpstreamResponse.Failed(UpstreamResponse.Failure.UNREACHABLE, chunk.getFailure()));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int take = Math.min(bytes.remaining(), max - collected.size());
            boolean over = bytes.remaining() > take;
            byte[] taken = new byte[take];
            bytes.get(taken);
            collected.write(taken, 0, take);
            boolean last = chunk.isLast();
            chunk.release();
            if (over) { // past the bound: what arrived so far decides, the rest is not read
                settle(body(false));
                abort();
                return;
            }
            if (last) {
                settle(body(true));
                return;
            }
        }
    }

    @Override
    public void onComplete(Result result) {
        JettyEventStream s = stream;
        if (result.isFailed()) {
            settle(new UpstreamResponse.Failed(UpstreamResponse.Failure.UNREACHABLE, result.getFailure()));
            if (s != null) {
                s.fail();
            }
            return;
        }
        if (s != null) {
            s.complete(); // an empty stream: no content was read
        } else if (kind != null) {
            settle(body(true)); // a reply without content (no content source was offered)
        }
    }

    private UpstreamResponse body(boolean complete) {
        byte[] bytes = collected.toByteArray();
        return switch (kind) {
            case REFUSED -> new UpstreamResponse.Refused(status, UpstreamErrorMessage.of(bytes), stepUp);
            default -> !complete ? failed("the reply is larger than " + max + " bytes")
                    : bytes.length == 0 ? new UpstreamResponse.Empty(status, session)
                    : McpHeaders.APPLICATION_JSON.equals(type) ? new UpstreamResponse.Json(status, bytes, session)
                    : failed("the reply's content type is " + LogText.safe(type));
        };
    }

    private void settle(UpstreamResponse response) {
        UpstreamExchange.settle(reply, response, this::finish);
    }

    private void expire() {
        if (!decideAndAbort(UpstreamResponse.Failure.TIMEOUT, "the server's read timeout passed")) {
            JettyEventStream s = stream;
            if (s != null) {
                s.expire();
            }
        }
    }

    private void connectExpired() {
        if (!connected) {
            decideAndAbort(UpstreamResponse.Failure.UNREACHABLE, "not connected within the server's connect timeout");
        }
    }

    /** Decides the reply as a failure unless it is decided already, then ends the exchange; true if it decided. */
    private boolean decideAndAbort(UpstreamResponse.Failure failure, String cause) {
        if (!reply.complete(new UpstreamResponse.Failed(failure, cause))) {
            return false;
        }
        abort();
        finish();
        return true;
    }

    private void abort() {
        request.abort(new CancellationException("the gateway ended this upstream exchange"));
    }

    private void finish() {
        Deadlines.cancel(connectDeadline, readDeadline);
    }

    private static UpstreamResponse failed(String invalidReply) {
        return new UpstreamResponse.Failed(UpstreamResponse.Failure.INVALID_REPLY, invalidReply);
    }
}

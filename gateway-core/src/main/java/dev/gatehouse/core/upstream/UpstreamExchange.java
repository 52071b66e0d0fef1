package dev.gatehouse.core.upstream;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One request to an upstream and its reply, under two deadlines: the server's connect timeout until
 * the connection is up, and its read timeout for the whole exchange, including a streamed body.
 * Whichever of the reply, the deadlines or a failure comes first decides the outcome; the others are
 * cancelled.
 */
final class UpstreamExchange {
    static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
    static final int MAX_ERROR_BYTES = 16 * 1024;

    private final CompletableFuture<UpstreamResponse> reply = new CompletableFuture<>();
    private final ConnectSignal body;
    private volatile CompletableFuture<HttpResponse<UpstreamResponse>> send;
    private volatile EventStreamSubscriber stream;
    private volatile Deadlines.Deadline readDeadline;
    private volatile Deadlines.Deadline connectDeadline;
    /** The thread waiting in {@link HttpClient#send} for this exchange, while it does. */
    private Thread sender;

    /** True when any 2xx answer is an acknowledgement whose body is dropped (an HTTP+SSE message POST). */
    private final boolean acknowledgement;

    UpstreamExchange(byte[] bytes) {
        this(bytes, false);
    }

    UpstreamExchange(byte[] bytes, boolean acknowledgement) {
        this.body = new ConnectSignal(bytes);
        this.acknowledgement = acknowledgement;
    }

    HttpRequest.BodyPublisher body() {
        return body;
    }

    /**
     * Sends on a thread of {@code senders}, which waits in {@link HttpClient#send} until the headers (and a
     * JSON body) are in. Not {@code sendAsync}: that completes its future through the JDK's default async
     * pool, which on two or fewer CPUs starts a new thread for every exchange.
     */
    CompletableFuture<UpstreamResponse> send(HttpClient http, HttpRequest request, Duration connectTimeout,
                                             Duration readTimeout, Deadlines deadlines, Executor senders) {
        deadlines(connectTimeout, readTimeout, deadlines);
        try {
            senders.execute(() -> sendNow(http, request));
        } catch (RejectedExecutionException e) { // the node is stopping
            settle(new UpstreamResponse.Failed(UpstreamResponse.Failure.UNREACHABLE, "the node is stopping"));
        }
        return reply;
    }

    /**
     * Sends without holding a thread until the headers come: for a listen stream, whose upstream may send none
     * until its first message. The JDK hands the completion to its default async pool (a thread per listen
     * stream opened on small machines); the events themselves are read on {@code workers}.
     */
    CompletableFuture<UpstreamResponse> open(HttpClient http, HttpRequest request, Duration connectTimeout,
                                             Deadlines deadlines) {
        deadlines(connectTimeout, null, deadlines);
        CompletableFuture<HttpResponse<UpstreamResponse>> sent = http.sendAsync(request, this::subscriberFor);
        send = sent;
        sent.whenComplete((response, error) -> settle(error == null ? response.body() : failureOf(error)));
        return reply;
    }

    private void deadlines(Duration connectTimeout, Duration readTimeout, Deadlines deadlines) {
        connectDeadline = deadlines.after(connectTimeout, this::connectExpired);
        if (readTimeout != null) { // a listen stream has none: it lasts as long as the client keeps it
            readDeadline = deadlines.after(readTimeout, this::expire);
        }
        reply.whenComplete((r, e) -> {
            if (reply.isCancelled()) { // the caller gave up before the reply (a listen stream's client left)
                cancelSend();
                finish();
            }
        });
    }

    private void sendNow(HttpClient http, HttpRequest request) {
        synchronized (this) {
            if (reply.isDone()) {
                return; // decided before its turn came (a deadline, or the caller gave up): never sent
            }
            sender = Thread.currentThread();
        }
        UpstreamResponse response;
        try {
            response = http.send(request, this::subscriberFor).body();
        } catch (InterruptedException e) {
            // interrupted only once the reply is decided (cancelSend): the exchange is aborted
            response = new UpstreamResponse.Failed(UpstreamResponse.Failure.UNREACHABLE);
        } catch (java.io.IOException | RuntimeException e) {
            response = failureOf(e);
        } finally {
            synchronized (this) {
                sender = null;
            }
            Thread.interrupted(); // a cancel that came just as the answer did must not reach the pool's next task
        }
        settle(response);
    }

    private void settle(UpstreamResponse response) {
        settle(reply, response, this::finish);
    }

    /**
     * Decides an exchange's reply unless something decided it first; a stream that lost is cancelled (nobody will
     * read it). {@code finish} drops the exchange's deadlines once a reply other than a stream decided it (a
     * stream's deadlines last until it ends).
     */
    static void settle(CompletableFuture<UpstreamResponse> reply, UpstreamResponse response, Runnable finish) {
        if (!reply.complete(response)) {
            if (response instanceof UpstreamResponse.Stream s) {
                s.events().cancel(); // the deadline won: nobody will read this stream
            }
            return;
        }
        if (!(response instanceof UpstreamResponse.Stream)) {
            finish.run();
        }
    }

    private BodySubscriber<UpstreamResponse> subscriberFor(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        String session = info.headers().firstValue(McpHeaders.SESSION_ID).orElse(null);
        if (status < 200 || status > 299) {
            String stepUp = status == 403 ? ScopeChallenge.insufficientScope(info.headers().allValues("WWW-Authenticate")) : null;
            return BodySubscribers.mapping(new BoundedBytes(MAX_ERROR_BYTES),
                    b -> new UpstreamResponse.Refused(status, UpstreamErrorMessage.of(b.bytes()), stepUp));
        }
        if (acknowledgement) {
            return BodySubscribers.replacing(new UpstreamResponse.Empty(status, session));
        }
        String type = mediaType(info.headers());
        if (McpHeaders.EVENT_STREAM.equals(type)) {
            EventStreamSubscriber s = new EventStreamSubscriber(status, session, MAX_EVENT_BYTES, this::finish);
            stream = s;
            return s;
        }
        return BodySubscribers.mapping(new BoundedBytes(MAX_REPLY_BYTES), b -> plain(status, type, session, b));
    }

    private static UpstreamResponse plain(int status, String type, String session, BoundedBytes.Body b) {
        if (!b.complete()) {
            return new UpstreamResponse.Failed(UpstreamResponse.Failure.INVALID_REPLY);
        }
        if (b.bytes().length == 0) {
            return new UpstreamResponse.Empty(status, session);
        }
        if (McpHeaders.APPLICATION_JSON.equals(type)) {
            return new UpstreamResponse.Json(status, b.bytes(), session);
        }
        return new UpstreamResponse.Failed(UpstreamResponse.Failure.INVALID_REPLY);
    }

    private void expire() {
        if (reply.complete(new UpstreamResponse.Failed(UpstreamResponse.Failure.TIMEOUT, "the server's read timeout passed"))) {
            cancelSend();
            finish();
            return;
        }
        EventStreamSubscriber s = stream;
        if (s != null) {
            s.expire();
        }
    }

    private void connectExpired() {
        if (!body.connected() && reply.complete(new UpstreamResponse.Failed(UpstreamResponse.Failure.UNREACHABLE, "not connected within the server's connect timeout"))) {
            cancelSend();
            finish();
        }
    }

    private void cancelSend() {
        synchronized (this) {
            if (sender != null) {
                sender.interrupt(); // HttpClient.send aborts the exchange and closes its connection when interrupted
            }
        }
        CompletableFuture<?> s = send;
        if (s != null) {
            s.cancel(true); // since JDK 16 this aborts the exchange and closes its connection
        }
    }

    private void finish() {
        Deadlines.cancel(connectDeadline, readDeadline);
    }

    private static UpstreamResponse failureOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        UpstreamResponse.Failure failure = cause instanceof HttpTimeoutException
                && !(cause instanceof java.net.http.HttpConnectTimeoutException)
                ? UpstreamResponse.Failure.TIMEOUT : UpstreamResponse.Failure.UNREACHABLE;
        return new UpstreamResponse.Failed(failure, cause);
    }

    /** The media type without parameters, lower case; empty when absent. */
    static String mediaType(HttpHeaders headers) {
        return mediaType(headers.firstValue("Content-Type").orElse(""));
    }

    /** The media type of a {@code Content-Type} value without parameters, lower case; empty when null. */
    static String mediaType(String value) {
        if (value == null) {
            return "";
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}

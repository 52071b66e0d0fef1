package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.net.OutboundHttp;
import dev.gatehouse.core.runtime.NodeThreads;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks an external rule engine about a call: an HTTPS POST of
 * {@code {"gateway", "host": {"id", "name"}, "tool", "hook", "rule": {"id", "name"}, "payload"}}, answered
 * with {@code {"decision": "pass" | "block" | "modify", "reason"?, "payload"?}}. Any other answer, an HTTP
 * status other than 200, a reply larger than the bound or no reply within the rule's timeout is a
 * failure, which the rule's fail-open or fail-closed setting turns into a decision. A rule with a signing
 * secret signs each request ({@link WebhookSignature}: HMAC-SHA256 over a timestamp and the exact body).
 * <p>
 * The rule's URL is an admin's, but whoever can write rules (or try one, {@code rules/try}) must not
 * reach what Gatehouse's network position reaches: requests go through {@link OutboundHttp}, so every
 * address the host resolves to must be globally reachable, the connection is pinned to the checked
 * address and redirects are not followed. A deployment whose rule engine runs on its own network (a
 * sidecar on loopback, an internal service) says so with {@value #ALLOW_PRIVATE_SETTING}.
 */
public final class WebhookClient {
    /** The setting (system property {@code gatehouse.…}, or {@code GATEHOUSE_…}) that lets webhooks reach private addresses. */
    public static final String ALLOW_PRIVATE_SETTING = "webhook-allow-private-addresses";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Calls in flight at once; beyond it a call fails at once (and its rule fails open or closed). */
    private static final int MAX_CONCURRENT = 64;

    private final OutboundHttp http;
    private final int maxReplyBytes;
    private final Clock clock;
    private final ExecutorService calls;

    /** A client that reaches globally reachable addresses only. */
    public WebhookClient(int maxReplyBytes) {
        this(maxReplyBytes, Clock.systemUTC(), false);
    }

    /** @param clock the time a signed request is stamped with */
    public WebhookClient(int maxReplyBytes, Clock clock) {
        this(maxReplyBytes, clock, false);
    }

    /** @param allowPrivateAddresses also reach loopback, private and other non-global addresses (explicit setting) */
    public WebhookClient(int maxReplyBytes, Clock clock, boolean allowPrivateAddresses) {
        this(maxReplyBytes, clock, allowPrivateAddresses, NodeThreads.plain().named("gatehouse-webhook"));
    }

    /** @param threads the factory of its calls' threads (the node's: managed in an application server) */
    public WebhookClient(int maxReplyBytes, Clock clock, boolean allowPrivateAddresses, ThreadFactory threads) {
        this.maxReplyBytes = maxReplyBytes;
        this.clock = clock;
        this.http = new OutboundHttp(allowPrivateAddresses);
        this.calls = new ThreadPoolExecutor(0, MAX_CONCURRENT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    /** Never completes exceptionally: every failure is a {@link WebhookAnswer.Failed}. */
    public CompletableFuture<WebhookAnswer> ask(Rule rule, Hook phase, RuleContext context, JsonNode payload) {
        Detection.Webhook hook = (Detection.Webhook) rule.detection();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request(rule, phase, context, payload));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new WebhookAnswer.Failed("the call could not be serialised"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "Gatehouse rule engine client");
        if (hook.signed()) {
            headers.put(WebhookSignature.HEADER, WebhookSignature.header(hook.signingKey(), clock.instant(), body));
        }
        try {
            return CompletableFuture.supplyAsync(() -> send(hook, headers, body), calls)
                    .orTimeout(hook.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(response -> answer(response, phase, payload))
                    .exceptionally(WebhookClient::failure);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new WebhookAnswer.Failed("too many webhook calls at once"));
        }
    }

    private OutboundHttp.Response send(Detection.Webhook hook, Map<String, String> headers, byte[] body) {
        try {
            return http.send("POST", hook.url(), headers, body, hook.timeout(), maxReplyBytes);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static ObjectNode request(Rule rule, Hook phase, RuleContext context, JsonNode payload) {
        ObjectNode root = JSON.createObjectNode();
        root.put("gateway", context.gateway());
        ObjectNode host = root.putObject("host");
        host.put("id", context.hostId());
        host.put("name", context.hostName());
        root.put("tool", context.tool());
        root.put("server", context.server());
        root.put("hook", phase.wireName());
        if (context.part() != null) { // a message other than the call's own arguments or result
            root.put("method", context.method());
            root.put("part", context.part());
        }
        ObjectNode r = root.putObject("rule");
        r.put("id", rule.id());
        r.put("name", rule.name());
        root.set("payload", payload);
        return root;
    }

    private WebhookAnswer answer(OutboundHttp.Response response, Hook phase, JsonNode original) {
        if (response.status() != 200) {
            return new WebhookAnswer.Failed("HTTP " + response.status());
        }
        try {
            return decision(JSON.readTree(response.body()), phase, original);
        } catch (IOException e) {
            return new WebhookAnswer.Failed("reply is not JSON");
        }
    }

    static WebhookAnswer decision(JsonNode reply, Hook phase, JsonNode original) {
        if (reply == null || !reply.isObject() || !reply.path("decision").isTextual()) {
            return new WebhookAnswer.Failed("reply has no 'decision'");
        }
        String reason = reply.path("reason").isTextual() ? reply.get("reason").textValue() : null;
        switch (reply.get("decision").textValue()) {
            case "pass":
                return new WebhookAnswer.Pass();
            case "block":
                return new WebhookAnswer.Block(reason);
            case "modify":
                JsonNode modified = reply.get("payload");
                String refusal = McpShapes.refusal(phase, original, modified);
                return refusal == null ? new WebhookAnswer.Modify(modified)
                        : new WebhookAnswer.Failed("invalid modification: " + refusal);
            default:
                return new WebhookAnswer.Failed("unknown decision");
        }
    }

    private static WebhookAnswer failure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return new WebhookAnswer.Failed("timeout");
        }
        if (cause instanceof ConnectException) {
            return new WebhookAnswer.Failed("connection refused");
        }
        if (cause instanceof OutboundHttp.AddressRefused refused) {
            return new WebhookAnswer.Failed("refused: " + refused.getMessage());
        }
        if (cause instanceof OutboundHttp.BodyTooLarge tooLarge) {
            return new WebhookAnswer.Failed("reply " + tooLarge.getMessage().replace("the answer is ", ""));
        }
        if (cause instanceof java.net.UnknownHostException) {
            return new WebhookAnswer.Failed("unreachable (the host does not resolve)");
        }
        return new WebhookAnswer.Failed("unreachable (" + cause.getClass().getSimpleName() + ")");
    }
}

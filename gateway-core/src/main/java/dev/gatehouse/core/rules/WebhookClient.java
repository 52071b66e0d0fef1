package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks an external rule engine about a call: an HTTPS POST of
 * {@code {"gateway", "host": {"id", "name"}, "tool", "hook", "rule": {"id", "name"}, "payload"}}, answered
 * with {@code {"decision": "pass" | "block" | "modify", "reason"?, "payload"?}}. Any other answer, an HTTP
 * status other than 200, a reply larger than the bound or no reply within the rule's timeout is a
 * failure, which the rule's fail-open or fail-closed setting turns into a decision. A rule with a signing
 * secret signs each request ({@link WebhookSignature}: HMAC-SHA256 over a timestamp and the exact body).
 */
public final class WebhookClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final int maxReplyBytes;
    private final Clock clock;

    public WebhookClient(int maxReplyBytes) {
        this(maxReplyBytes, Clock.systemUTC());
    }

    /** @param clock the time a signed request is stamped with */
    public WebhookClient(int maxReplyBytes, Clock clock) {
        this.maxReplyBytes = maxReplyBytes;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER) // a rule engine answers itself; a redirect is a failure
                .version(HttpClient.Version.HTTP_1_1)
                .build();
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
        HttpRequest.Builder request = HttpRequest.newBuilder(hook.url())
                .timeout(hook.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "Gatehouse rule engine client")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (hook.signed()) {
            request.header(WebhookSignature.HEADER, WebhookSignature.header(hook.signingKey(), clock.instant(), body));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .orTimeout(hook.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(response -> answer(response, phase, payload))
                .exceptionally(WebhookClient::failure);
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

    private WebhookAnswer answer(HttpResponse<InputStream> response, Hook phase, JsonNode original) {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                return new WebhookAnswer.Failed("HTTP " + response.statusCode());
            }
            byte[] bytes = in.readNBytes(maxReplyBytes + 1);
            if (bytes.length > maxReplyBytes) {
                return new WebhookAnswer.Failed("reply larger than " + maxReplyBytes + " bytes");
            }
            return decision(JSON.readTree(bytes), phase, original);
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
        return new WebhookAnswer.Failed("unreachable (" + cause.getClass().getSimpleName() + ")");
    }
}

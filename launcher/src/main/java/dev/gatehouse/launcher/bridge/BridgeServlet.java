package dev.gatehouse.launcher.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The bridge's MCP endpoint (MCP transports, "Streamable HTTP"): POST a JSON-RPC message (answered as JSON or
 * as an event stream, as the client's {@code Accept} allows), GET a session's listen stream, DELETE to end the
 * session. Every request must come from a loopback address, carry no foreign {@code Origin} (DNS rebinding),
 * and present the bridge secret; the orchestration is this one screen, the work is {@link BridgeSession}'s.
 */
final class BridgeServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(BridgeServlet.class.getName());
    static final String SESSION = "Mcp-Session-Id";
    static final int MAX_BODY = 4 * 1024 * 1024;
    /** An event stream with nothing to say sends a comment this often, which also finds a client that left. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** A JSON (non-streaming) caller cannot be seen leaving: its wait for an answer ends after this. */
    static final Duration JSON_WAIT = Duration.ofMinutes(10);

    private final transient BridgeSecret secret;
    private final transient BridgeSessions sessions;

    BridgeServlet(BridgeSecret secret, BridgeSessions sessions) {
        this.secret = secret;
        this.sessions = sessions;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!loopback(req.getRemoteAddr())) {
            LOG.warning(() -> "bridge: refused a request from " + req.getRemoteAddr() + " (not a loopback address)");
            refuse(resp, 403, "the bridge serves loopback clients only");
            return;
        }
        String origin = req.getHeader("Origin");
        if (origin != null && !loopbackOrigin(origin)) {
            LOG.warning(() -> "bridge: refused a request with Origin " + clip(origin));
            refuse(resp, 403, "cross-origin requests are refused");
            return;
        }
        if (!secret.admits(req.getHeader("Authorization"))) {
            LOG.warning(() -> "bridge: refused a " + req.getMethod() + " from " + req.getRemoteAddr() + ": "
                    + (req.getHeader("Authorization") == null ? "no bridge secret" : "wrong bridge secret"));
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"gatehouse-bridge\"");
            refuse(resp, 401, "the bridge secret is missing or wrong");
            return;
        }
        switch (req.getMethod()) {
            case "POST" -> post(req, resp);
            case "GET" -> listen(req, resp);
            case "DELETE" -> delete(req, resp);
            default -> {
                resp.setHeader("Allow", "GET, POST, DELETE");
                refuse(resp, 405, "use POST, GET or DELETE");
            }
        }
    }

    private void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = Optional.ofNullable(req.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            refuse(resp, 415, "send Content-Type: application/json");
            return;
        }
        String accept = Optional.ofNullable(req.getHeader("Accept")).orElse("").toLowerCase(Locale.ROOT);
        boolean events = accept.contains("text/event-stream");
        if (!events && !accept.contains("application/json") && !accept.contains("*/*")) {
            refuse(resp, 406, "accept application/json or text/event-stream");
            return;
        }
        String body = readBody(req.getInputStream());
        if (body == null) {
            resp.setHeader("Connection", "close");
            refuse(resp, 413, "the message is larger than " + MAX_BODY + " bytes");
            return;
        }
        ObjectNode message = JsonRpc.parse(body);
        if (message == null) {
            error(resp, 400, JsonRpc.error(null, JsonRpc.PARSE_ERROR, "the body is not one JSON-RPC message"));
            return;
        }
        Optional<BridgeSession> session = session(req, resp, message);
        if (session.isEmpty()) {
            return;
        }
        if (JsonRpc.isRequest(message)) {
            call(session.get(), message, events, resp);
        } else if (session.get().forward(message)) {
            resp.setStatus(202);
        } else {
            error(resp, 503, JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "the stdio server is restarting; try again"));
        }
    }

    /** The message's session: a new one for {@code initialize} without a session id, else the one named. */
    private Optional<BridgeSession> session(HttpServletRequest req, HttpServletResponse resp, ObjectNode message)
            throws IOException {
        String id = req.getHeader(SESSION);
        boolean initialize = "initialize".equals(message.path("method").asText()) && message.has("id");
        if (id == null && initialize) {
            try {
                BridgeSession opened = sessions.open();
                resp.setHeader(SESSION, opened.id);
                return Optional.of(opened);
            } catch (BridgeSessions.AtCapacity e) {
                resp.setHeader("Retry-After", "5");
                error(resp, 503, JsonRpc.error(message.get("id"), JsonRpc.BRIDGE_ERROR, e.getMessage()));
            } catch (IOException e) {
                LOG.warning("bridge: cannot start the stdio server: " + e.getMessage());
                error(resp, 502, JsonRpc.error(message.get("id"), JsonRpc.INTERNAL_ERROR,
                        "the stdio server could not be started"));
            }
            return Optional.empty();
        }
        if (id == null) {
            error(resp, 400, JsonRpc.error(message.get("id"), JsonRpc.INVALID_REQUEST,
                    "no Mcp-Session-Id: initialize a session first"));
            return Optional.empty();
        }
        Optional<BridgeSession> found = sessions.find(id);
        if (found.isEmpty()) {
            error(resp, 404, JsonRpc.error(message.get("id"), JsonRpc.BRIDGE_ERROR, "session not found"));
        } else if (initialize) {
            error(resp, 400, JsonRpc.error(message.get("id"), JsonRpc.INVALID_REQUEST, "the session is initialized already"));
            return Optional.empty();
        }
        return found;
    }

    private void call(BridgeSession session, ObjectNode request, boolean events, HttpServletResponse resp)
            throws IOException {
        JsonNode id = request.get("id");
        Outbox out = session.request(request, events);
        try {
            if (!events) {
                Outbox.Out answer = out.poll(JSON_WAIT);
                if (answer == null) {
                    session.abandon(id);
                    answer = new Outbox.Out(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR,
                            "no answer from the stdio server in " + JSON_WAIT.toMinutes() + " minutes"), true);
                }
                resp.setContentType("application/json");
                resp.getOutputStream().write(answer.json().getBytes(StandardCharsets.UTF_8));
                return;
            }
            stream(resp, out);
        } catch (IOException e) {
            session.abandon(id); // the client left; the server's answer, when it comes, is dropped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.abandon(id);
        }
    }

    private void listen(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String accept = Optional.ofNullable(req.getHeader("Accept")).orElse("");
        if (!accept.contains("text/event-stream")) {
            refuse(resp, 406, "the listen stream is text/event-stream");
            return;
        }
        Optional<BridgeSession> session = sessions.find(req.getHeader(SESSION));
        if (session.isEmpty()) {
            refuse(resp, req.getHeader(SESSION) == null ? 400 : 404, "no such session");
            return;
        }
        Outbox stream = session.get().listen();
        if (stream == null) {
            refuse(resp, 409, "the session's listen stream is open already");
            return;
        }
        try {
            stream(resp, stream);
        } catch (IOException e) {
            // the client closed its listen stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.get().unlisten(stream);
        }
    }

    private void delete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (sessions.end(req.getHeader(SESSION))) {
            resp.setStatus(200);
        } else {
            refuse(resp, req.getHeader(SESSION) == null ? 400 : 404, "no such session");
        }
    }

    /** Writes the outbox as server-sent events until its last message, with heartbeats in between. */
    private static void stream(HttpServletResponse resp, Outbox out) throws IOException, InterruptedException {
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        OutputStream body = resp.getOutputStream();
        resp.flushBuffer();
        while (true) {
            Outbox.Out next = out.poll(HEARTBEAT);
            if (next == null) {
                body.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
            } else if (next.json() != null) {
                body.write(("event: message\ndata: " + next.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            body.flush();
            if (next != null && next.last()) {
                return;
            }
        }
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void refuse(HttpServletResponse resp, int status, String message) throws IOException {
        error(resp, status, JsonRpc.error(null, JsonRpc.BRIDGE_ERROR, message));
    }

    private static void error(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    static boolean loopback(String address) {
        try {
            // a literal from the container: no name lookup happens
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean loopbackOrigin(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                    || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}

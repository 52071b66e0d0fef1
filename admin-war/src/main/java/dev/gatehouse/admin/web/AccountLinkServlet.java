package dev.gatehouse.admin.web;

import dev.gatehouse.admin.runtime.AdminRuntime;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.ProblemResponder;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.admin.http.UnreadBody;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.users.ConsoleUser;
import dev.gatehouse.core.users.ConsoleUsers;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /account/password} {@code {"secret","password"}}, open to all: the page of a one-time link (an
 * invitation or a password reset, {@code account.html#secret}) sets the user's password with it. The link's
 * secret is the credential, sent in the body (the page reads it from the URL's fragment, which no server, log or
 * {@code Referer} sees). Answers {@code 204}; {@code 400} problem+json when the password breaks the rules (the
 * link still works); {@code 404} for a used, expired or unknown link alike; {@code 403} from another origin.
 * Each outcome is audited, never with the secret or the password.
 * <p>
 * {@code POST /account/link} {@code {"secret"}} answers whom a usable link is for, {@code {"user","purpose",
 * "expiresAt"}}, so the page says what the user will sign in as; any other link {@code 404} alike, revealing nothing.
 * POST, so the secret stays out of URLs and access logs.
 */
public final class AccountLinkServlet extends HttpServlet {
    private static final System.Logger LOG = System.getLogger(AccountLinkServlet.class.getName());
    private static final long MAX_BODY = 4096;
    static final String LINK_PATH = "/account/link";

    private final transient ProblemResponder problems = new ProblemResponder();
    private final transient JsonBodyReader bodies = new JsonBodyReader(MAX_BODY);
    private transient SameOrigin sameOrigin;
    private transient ConsoleUsers users;
    private transient AuditLog audit;

    @Override
    public void init() throws ServletException {
        sameOrigin = SameOrigin.of(getServletContext());
        Gatehouse gatehouse = AdminRuntime.of(getServletContext());
        users = gatehouse.consoleUsers();
        audit = gatehouse.audit();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (sameOrigin.isCrossOrigin(request)) {
            UnreadBody.closeAfter(request, response);
            problems.write(new Problem(Problem.BLANK, "Forbidden", 403, "cross-site requests are refused", Map.of()), response);
            return;
        }
        if (!users.managedHere()) {
            UnreadBody.closeAfter(request, response);
            problems.write(Problem.conflict("console users are managed in the application server's realm"), response);
            return;
        }
        if (LINK_PATH.equals(request.getServletPath())) {
            describeLink(request, response);
            return;
        }
        Result<String[]> fields = bodies.read(request).then(AccountLinkServlet::fields);
        if (fields instanceof Result.Failed<String[]> failed) {
            problems.write(failed.problem(), response);
            return;
        }
        String[] given = ((Result.Ok<String[]>) fields).value();
        try {
            ConsoleUser user = users.redeem(given[0], given[1]);
            record(request, Outcome.SUCCESS, user.name(), "user.password-set by one-time link", 204);
            response.setStatus(204);
        } catch (RequestRejected e) {
            int status = e.reason() == RequestRejected.Reason.INVALID ? 400 : 404;
            if (status == 404) {
                record(request, Outcome.DENIED, null, "user.password-set refused: link used, expired or unknown", 404);
            }
            problems.write(status == 400 ? Problem.badRequest(e.getMessage()) : Problem.notFound(e.getMessage()), response);
        }
    }

    /** {@code POST /account/link} {@code {"secret"}}: whom a usable link is for; anything else 404 alike. */
    private void describeLink(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Result<String> secret = bodies.read(request).then(body -> {
            JsonFields f = new JsonFields(body);
            String s = f.text("secret");
            if (s == null) {
                f.fail("secret", "is required");
            }
            return f.problem().<Result<String>>map(Result::failed).orElseGet(() -> Result.ok(s));
        });
        if (secret instanceof Result.Failed<String> failed) {
            problems.write(failed.problem(), response);
            return;
        }
        Optional<ConsoleUsers.LinkInfo> info = users.linkInfo(((Result.Ok<String>) secret).value());
        if (info.isEmpty()) {
            problems.write(Problem.notFound(ConsoleUsers.INVALID_LINK), response);
            return;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("user", info.get().user());
        o.put("purpose", info.get().purpose().wireName());
        o.put("expiresAt", info.get().expiresAt().toString());
        response.setContentType("application/json");
        response.getWriter().write(o.toString());
    }

    private static Result<String[]> fields(ObjectNode body) {
        JsonFields f = new JsonFields(body);
        String secret = f.text("secret");
        String password = f.text("password");
        if (secret == null) {
            f.fail("secret", "is required");
        }
        if (password == null) {
            f.fail("password", "is required");
        }
        return f.problem().<Result<String[]>>map(Result::failed).orElseGet(() -> Result.ok(new String[] {secret, password}));
    }

    private void record(HttpServletRequest request, Outcome outcome, String user, String detail, int status) {
        AuditEvent event = AuditEvent.builder(AuditKind.ADMIN_ACTION, outcome).actor(user).detail(detail).httpStatus(status)
                .clientAddress(request.getRemoteAddr()).userAgent(request.getHeader("User-Agent")).build();
        try {
            audit.appendDurably(event);
        } catch (AuditUnavailable e) {
            LOG.log(System.Logger.Level.ERROR, "'" + detail + "' for " + LogText.safe(user) + " could not be audited"
                    + " (correlation " + event.correlationId() + "): " + LogText.cause(e), e);
        }
    }
}

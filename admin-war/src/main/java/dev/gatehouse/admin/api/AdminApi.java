package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.ProblemResponder;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.ReplyWriter;
import dev.gatehouse.admin.http.Route;
import dev.gatehouse.admin.http.Router;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.admin.security.Caller;
import dev.gatehouse.admin.security.CapabilityPolicy;
import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.text.LogText;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API's request pipeline, in four named steps: find the route (404, 405), check the caller's
 * capability (403, audited as denied), run the handler, and map any unexpected failure to a problem
 * without its message (503 when the audit log or the database is down, 400 or 409 when the database refused a
 * value, else 500). Built once per deployment.
 */
public final class AdminApi {
    /** The servlet context attribute under which the bootstrap hands this to the servlet. */
    public static final String ATTRIBUTE = AdminApi.class.getName();

    private static final System.Logger LOG = System.getLogger(AdminApi.class.getName());

    private final Router router;
    private final CapabilityPolicy policy;
    private final AdminActions actions;
    private final ReplyWriter writer = new ReplyWriter(new ProblemResponder());

    private AdminApi(Router router, CapabilityPolicy policy, AdminActions actions) {
        this.router = router;
        this.policy = policy;
        this.actions = actions;
    }

    public static AdminApi wire(Gatehouse gatehouse, AdminSettings settings) {
        AdminActions actions = new AdminActions(gatehouse.audit());
        return new AdminApi(AdminRoutes.build(gatehouse, settings, actions), settings.policy(), actions);
    }

    public ReplyWriter writer() {
        return writer;
    }

    /** The reply to one request under {@code /api}. */
    public Reply handle(HttpServletRequest request) {
        Optional<Caller> caller = caller(request);
        if (caller.isEmpty()) {
            // the container's security constraint makes this unreachable; never serve anonymously regardless
            return new Problem(Problem.BLANK, "Unauthorized", 401, "authentication is required",
                    Map.of("WWW-Authenticate", "Basic realm=\"gatehouse\""));
        }
        return router.match(request.getMethod(), request.getPathInfo())
                .reply(match -> authorize(new ApiRequest(request, caller.get(), match.params()), match.route()));
    }

    private Reply authorize(ApiRequest call, Route route) {
        Optional<String> refusal = route.access().refusal(call.caller());
        if (refusal.isPresent()) {
            actions.denied(call, route.action(), refusal.get());
            return Problem.missingCapability(refusal.get());
        }
        return run(call, route);
    }

    private static Reply run(ApiRequest call, Route route) {
        try {
            return route.handler().handle(call);
        } catch (AuditUnavailable e) {
            LOG.log(System.Logger.Level.ERROR, "admin " + route.action() + " failed: audit log unavailable");
            return Problem.unavailable("the audit log is not available; try again later");
        } catch (RuntimeException e) {
            Optional<StorageRefusal.Refused> refused = StorageRefusal.of(e);
            if (refused.isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "admin " + route.action() + " by " + LogText.safe(call.user())
                        + " refused by the database: " + refused.get().logged());
                return refused.get().problem();
            }
            if (DatabaseOutage.causedBy(e)) {
                LOG.log(System.Logger.Level.ERROR, "admin " + route.action() + " failed: database unavailable ("
                        + LogText.cause(e) + ")");
                LOG.log(System.Logger.Level.DEBUG, "admin " + route.action() + " failed", e);
                return new Problem(Problem.BLANK, "Service Unavailable", 503,
                        "the database is not available; nothing was changed, try again later",
                        Map.of("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS));
            }
            LOG.log(System.Logger.Level.ERROR, "admin " + route.action() + " failed", e);
            return Problem.serverError();
        }
    }

    private Optional<Caller> caller(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            return Optional.empty();
        }
        return Optional.of(new Caller(principal.getName(), policy.capabilitiesOf(request::isUserInRole)));
    }
}

package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.signin.SignInAttempt;
import dev.gatehouse.core.signin.SignInGuard;
import dev.gatehouse.core.users.ConsoleUser;
import dev.gatehouse.core.users.ConsoleUsers;
import dev.gatehouse.core.users.PasswordBoundPrincipal;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /api/me/password} {@code {"currentPassword","newPassword"}}: a local console user changes their own
 * password. The current one is checked at PBKDF2's cost and each wrong one counts as a failed sign-in of the user
 * ({@link SignInGuard}: the same waits, {@code 429} with {@code Retry-After}), so this is no faster way to guess it.
 * The change ends the user's other console sessions at their next request (the launcher's realm compares the
 * password each session signed in with); the session that made it goes on. The file's accounts are edited in
 * {@code admin-users.properties} and single sign-on users' passwords are the provider's: both {@code 409}.
 * Audited as {@code user.password-changed}, never with a password.
 */
final class OwnPasswordResource {
    static final String WRONG_CURRENT = "the current password is wrong";

    private final ConsoleUsers users;
    private final SignInGuard guard;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    OwnPasswordResource(ConsoleUsers users, SignInGuard guard, JsonBodyReader bodies, AdminActions actions) {
        this.users = users;
        this.guard = guard;
        this.bodies = bodies;
        this.actions = actions;
    }

    /** The two passwords of a change. */
    private record Change(String current, String next) {
    }

    Reply change(ApiRequest request) {
        return local(request).then(x -> bodies.read(request.servletRequest())).then(OwnPasswordResource::change)
                .then(change -> verified(request, change)
                        .then(hash -> Stores.attempt(() -> users.changePassword(request.user(), hash, change.next()))))
                .reply(changed -> {
                    if (request.servletRequest().getUserPrincipal() instanceof PasswordBoundPrincipal session) {
                        session.passwordChangedTo(changed.hash());
                    }
                    actions.succeeded(request, "user.password-changed: " + changed.user().name()
                            + " (their other console sessions end)", 204, e -> e);
                    return Reply.noContent();
                });
    }

    private Result<ConsoleUser> local(ApiRequest request) {
        if (!users.managedHere()) {
            return Result.failed(Problem.conflict("console users are managed in the application server's realm:"
                    + " change your password there"));
        }
        Optional<ConsoleUser> user = users.find(request.user());
        if (user.isEmpty()) {
            return Result.failed(Problem.notFound("no user named '" + request.user() + "'"));
        }
        return switch (user.get().source()) {
            case FILE -> Result.failed(Problem.conflict("'" + user.get().name() + "' is an account of"
                    + " admin-users.properties: edit admin-users.properties to change its password"));
            case SSO -> Result.failed(Problem.conflict("you sign in with single sign-on: your identity provider keeps"
                    + " your password"));
            case LOCAL -> Result.ok(user.get());
        };
    }

    private static Result<Change> change(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String current = fields.text("currentPassword");
        String next = fields.text("newPassword");
        if (current == null) {
            fields.fail("currentPassword", "is required");
        }
        if (next == null) {
            fields.fail("newPassword", "is required");
        }
        return fields.problem().<Result<Change>>map(Result::failed).orElseGet(() -> Result.ok(new Change(current, next)));
    }

    /** The stored hash the current password matched, guarded like a sign-in of the user. */
    private Result<String> verified(ApiRequest request, Change change) {
        SignInAttempt attempt = new SignInAttempt(request.user(), request.clientAddress(), SignInAttempt.PASSWORD_CHANGE,
                request.userAgent());
        Optional<Duration> wait = guard.refusal(attempt);
        if (wait.isPresent()) {
            return Result.failed(mustWait(wait.get()));
        }
        Optional<String> hash = users.verifiedPasswordHash(request.user(), change.current());
        if (hash.isEmpty()) {
            Duration next = guard.failed(attempt, WRONG_CURRENT);
            return Result.failed(next.isZero() ? Problem.badRequest("currentPassword: " + WRONG_CURRENT) : mustWait(next));
        }
        guard.succeeded(attempt);
        return Result.ok(hash.get());
    }

    private static Problem mustWait(Duration wait) {
        return Problem.signInWait("wrong passwords", SignInGuard.retryAfterSeconds(wait));
    }
}

package dev.gatehouse.launcher;

import dev.gatehouse.core.users.PasswordBoundPrincipal;
import dev.gatehouse.core.users.PasswordHash;
import dev.gatehouse.core.signin.SignInAttempt;
import dev.gatehouse.core.signin.SignInAudit;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.users.ConsoleUser;
import dev.gatehouse.core.users.ConsoleUsers;
import dev.gatehouse.core.signin.SignInGuard;
import dev.gatehouse.core.signin.SignedInSession;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.security.RolePrincipal;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.UserPrincipal;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.security.Credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The container realm ({@code gatehouse}) that the admin WAR's web.xml names, backed by
 * {@link AdminAccounts}.
 * <ul>
 *   <li>Cost: HTTP Basic sends the password on every request, so a successful PBKDF2 check is remembered
 *   as a keyed digest for the life of the process and a repeat of the right password costs one SHA-256.
 *   Anything else pays the full PBKDF2 cost: a wrong password of a known user, and any password of an
 *   unknown user (checked against an unmatchable hash of the same cost), so timing tells no user names.</li>
 *   <li>Brute force: the console's form sign-in ({@code j_security_check}, which no filter of the WAR
 *   sees) goes through the runtime's {@link SignInGuard}; while a wait is on, the password is not
 *   checked and the sign-in page is told how long to wait ({@link SignInGuard#WAIT_SESSION_ATTRIBUTE}). The
 *   API's Basic sign-in is guarded by the WAR's filter, which marks the request so it is not counted twice.</li>
 *   <li>Audit: a console sign-in (form, or single sign-on's ticket) that succeeds is recorded at once and remembered
 *   in its session ({@link SignedInSession}); the API's Basic logins of one request each are not (docs/security.md).</li>
 *   <li>Upgrade: a hash of an older cost is replaced after its password matched.</li>
 *   <li>Users: names are the same ignoring case ({@code UserNames}), and the signed-in principal carries the name as
 *   stored, however it was typed. An account of {@code admin-users.properties} wins; any other name is looked up among the console
 *   users of the database ({@link ConsoleUsers}), enabled ones with a password only. A console session is
 *   checked on every request ({@link #validate}): once its user is disabled, their roles changed, or their
 *   password changed in another session (or by a one-time link), the
 *   session's sign-in ends and the next request asks to sign in again. The console's single sign-on signs a
 *   database user in with a one-time ticket ({@link ConsoleUsers#signOnTicket}) in place of a password.</li>
 * </ul>
 */
final class AdminRealm extends AbstractLoginService {
    static final String REALM = "gatehouse";
    private static final System.Logger LOG = System.getLogger(AdminRealm.class.getName());

    private final AdminAccounts accounts;
    private final ConsoleUsers users;
    private final SignInGuard guard;
    private final String unmatchable = PasswordHash.unmatchable();
    private final byte[] processKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    AdminRealm(AdminAccounts accounts, ConsoleUsers users, SignInGuard guard) {
        this.accounts = accounts;
        this.users = users;
        this.guard = guard;
        new SecureRandom().nextBytes(processKey);
        setName(REALM);
    }

    @Override
    public UserIdentity login(String username, Object credentials, Request request,
                              Function<Boolean, Session> getOrCreateSession) {
        if (request == null || request.getAttribute(SignInGuard.GUARDED_ATTRIBUTE) != null) {
            return super.login(username, credentials, request, getOrCreateSession);
        }
        SignInAttempt attempt = new SignInAttempt(username, Request.getRemoteAddr(request), channel(request),
                request.getHeaders().get(HttpHeader.USER_AGENT));
        Optional<Duration> wait = guard.refusal(attempt);
        if (wait.isPresent()) {
            tellThePage(getOrCreateSession, wait.get());
            return null;
        }
        UserIdentity user = super.login(username, credentials, request, getOrCreateSession);
        if (user == null) {
            Duration next = guard.failed(attempt, SignInGuard.WRONG_CREDENTIALS);
            if (!next.isZero()) {
                tellThePage(getOrCreateSession, next);
            }
        } else {
            guard.succeeded(attempt);
            String stored = user.getUserPrincipal().getName(); // as stored: the name may have been typed in another case
            recordSignIn(stored);
            auditSession(stored.equals(username) ? attempt
                    : new SignInAttempt(stored, attempt.address(), attempt.channel(), attempt.userAgent()), getOrCreateSession);
        }
        return user;
    }

    /** The console's form, or what the code that called {@code HttpServletRequest.login} said (single sign-on). */
    private static String channel(Request request) {
        return request.getAttribute(SignInAttempt.CHANNEL_ATTRIBUTE) instanceof String channel ? channel : SignInAttempt.FORM;
    }

    /**
     * A console session opens: its {@code sign_in} record now, and the session remembers it, so the admin WAR's
     * filter does not record it again and its sign-out carries the same correlation id.
     */
    private void auditSession(SignInAttempt attempt, Function<Boolean, Session> getOrCreateSession) {
        SignedInSession signedIn = guard.audit().signedIn(attempt, SignInAudit.SIGNED_IN);
        Session session = getOrCreateSession == null ? null : getOrCreateSession.apply(true);
        if (session != null) {
            session.setAttribute(SignedInSession.ATTRIBUTE, signedIn);
        }
    }

    private static void tellThePage(Function<Boolean, Session> getOrCreateSession, Duration wait) {
        Session session = getOrCreateSession == null ? null : getOrCreateSession.apply(true);
        if (session != null) {
            session.setAttribute(SignInGuard.WAIT_SESSION_ATTRIBUTE, SignInGuard.retryAfterSeconds(wait));
        }
    }

    @Override
    protected UserPrincipal loadUserInfo(String username) {
        String typed = username == null ? "" : username;
        // names identify users ignoring case: the principal is the user's name as stored, however it was typed
        Optional<String> fileName = accounts.name(typed);
        if (fileName.isPresent()) {
            String user = fileName.get();
            return new UserPrincipal(user, new HashedCredential(user, accounts.account(user).orElseThrow().passwordHash(),
                    true, false));
        }
        String user = users.activeRoles(typed).isPresent() ? users.find(typed).map(ConsoleUser::name).orElse(typed) : typed;
        if (users.activeRoles(user).isPresent()) {
            // an enabled database user: their password, or none (invited, single sign-on) and only a sign-on ticket
            String hash = users.passwordHash(user).filter(h -> h != null).orElse(unmatchable);
            return new StoredUserPrincipal(user, new HashedCredential(user, hash, !hash.equals(unmatchable), true));
        }
        return new UserPrincipal(user, new HashedCredential(user, unmatchable, false, false));
    }

    @Override
    protected List<RolePrincipal> loadRoleInfo(UserPrincipal user) {
        return roles(user.getName()).orElse(List.of()).stream().map(RolePrincipal::new).toList();
    }

    /**
     * A console session stays signed in while its user is enabled with the roles it signed in with; a database
     * that cannot be read ends the sessions of database users (fail closed), never those of the file's accounts.
     */
    @Override
    public boolean validate(UserIdentity identity) {
        String name = identity.getUserPrincipal().getName();
        Set<String> signedInWith = identity.getSubject().getPrincipals(RolePrincipal.class).stream()
                .map(RolePrincipal::getName).collect(Collectors.toSet());
        try {
            return roles(name).map(now -> Set.copyOf(now).equals(signedInWith)).orElse(false)
                    && samePassword(identity.getUserPrincipal());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the console session of " + LogText.safe(name)
                    + " ends: its user could not be read (" + LogText.cause(e) + ")");
            return false;
        }
    }

    /** A database user's session signed in with the password that is still theirs (a change ends the others). */
    private boolean samePassword(java.security.Principal principal) {
        if (!(principal instanceof StoredUserPrincipal stored)) {
            return true;
        }
        String now = users.passwordHash(stored.getName()).orElse(null);
        String then = stored.credential.hash;
        return now == null ? then.equals(unmatchable) : now.equals(then);
    }

    private Optional<List<String>> roles(String user) {
        Optional<AdminAccounts.Account> account = accounts.account(user);
        return account.isPresent() ? account.map(AdminAccounts.Account::roles) : users.activeRoles(user);
    }

    private void recordSignIn(String user) {
        try {
            users.recordSignIn(user);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the sign-in time of " + LogText.safe(user) + " was not recorded: "
                    + LogText.cause(e));
        }
    }

    private byte[] digest(String user, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(processKey);
            md.update(user.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A database user as signed in: which password (hash) their session holds. */
    private static final class StoredUserPrincipal extends UserPrincipal implements PasswordBoundPrincipal {
        private final transient HashedCredential credential;

        StoredUserPrincipal(String name, HashedCredential credential) {
            super(name, credential);
            this.credential = credential;
        }

        @Override
        public void passwordChangedTo(String hash) {
            credential.hash = hash;
        }
    }

    /**
     * Checks a presented password against the stored PBKDF2 hash; only the remembered digest of a past
     * success skips PBKDF2, so every wrong password costs the full hash.
     */
    private final class HashedCredential extends Credential {
        private final String user;
        private transient volatile String hash;
        private final boolean known;
        private final boolean stored;

        HashedCredential(String user, String hash, boolean known, boolean stored) {
            this.user = user;
            this.hash = hash;
            this.known = known;
            this.stored = stored;
        }

        @Override
        public boolean check(Object credentials) {
            String password = credentials instanceof char[] c ? new String(c)
                    : credentials instanceof String s ? s : null;
            if (password == null) {
                return false;
            }
            if (stored && users.redeemSignOnTicket(user, password)) {
                return true; // the single sign-on vouched for this user a moment ago (SingleSignOnServlet)
            }
            byte[] presented = digest(user, password);
            String key = user + "\u0000" + hash;
            byte[] remembered = verified.get(key);
            if (remembered != null && MessageDigest.isEqual(remembered, presented)) {
                return true;
            }
            boolean matches = PasswordHash.verify(password.toCharArray(), hash) && known;
            if (matches) {
                verified.put(key, presented);
                if (PasswordHash.needsRehash(hash) && stored) {
                    String upgraded = PasswordHash.hash(password.toCharArray());
                    users.upgradeHash(user, hash, upgraded);
                    this.hash = upgraded; // the session signing in goes on with the same password's new hash
                } else if (PasswordHash.needsRehash(hash)) {
                    accounts.upgradeHash(user, hash, password.toCharArray());
                }
            }
            return matches;
        }
    }
}

package dev.gatehouse.core.users;

import dev.gatehouse.core.jpa.ConsoleUserEntity;
import dev.gatehouse.core.jpa.ConsoleUserLinkEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.token.Base62;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Console users kept in the database ({@code gh_console_user}), for deployments whose realm is Gatehouse's own (the
 * embedded launcher, which calls {@link #manageHere}). The launcher's bootstrap accounts
 * ({@code admin-users.properties}) win over a row of the same name: they are the break-glass way in and are shown
 * here read-only. In an application server users live in the server's realm and nothing here is used. Names identify
 * users ignoring case ({@link UserNames}): every look-up here matches any spelling, and a look-alike is refused.
 * <p>
 * Passwords are set by the admin at creation or by the user through a one-time link (an invitation or a reset),
 * whose secret is stored only as its SHA-256, works once and expires. Each change is a database write that every
 * node reads at its next request: a disabled user's next request, on any node, is refused.
 */
public final class ConsoleUsers {
    public static final Duration INVITE_VALIDITY = Duration.ofDays(7);
    public static final Duration RESET_VALIDITY = Duration.ofHours(1);
    public static final int MAX_ROLES = 20;
    /** What a used, expired or unknown one-time link is told, alike. */
    public static final String INVALID_LINK = "this link is not valid: it was used, it expired, or it never existed;"
            + " ask an administrator for a new one";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int LINK_SECRET_LENGTH = 43; // base62: about 256 bits
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TICKET_PREFIX = "gatehouse-sign-on-ticket:";
    private static final int TICKET_SECONDS = 30;

    /** The launcher's accounts from its properties file: user name to roles, as of its start. */
    public interface BootstrapAccounts {
        Map<String, List<String>> rolesByUser();
    }

    private final Transactions tx;
    private final Clock clock;
    private final Map<String, Instant> bootstrapSignIns = new ConcurrentHashMap<>();
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private volatile BootstrapAccounts bootstrap;

    public ConsoleUsers(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Users are managed here from now on, beside these bootstrap accounts (called by the embedded launcher). */
    public void manageHere(BootstrapAccounts accounts) {
        this.bootstrap = accounts;
    }

    /** False in an application server: users come from its realm. */
    public boolean managedHere() {
        return bootstrap != null;
    }

    /** Every user: the bootstrap accounts first, then the database's, without those a bootstrap account shadows. */
    public List<ConsoleUser> list() {
        Map<String, List<String>> file = bootstrapAccounts();
        List<ConsoleUser> users = new ArrayList<>();
        file.forEach((name, roles) -> users.add(fileUser(name, roles)));
        List<ConsoleUserEntity> rows = tx.read(em -> em.createNamedQuery("ConsoleUser.all", ConsoleUserEntity.class)
                .getResultList());
        rows.stream().filter(r -> UserNames.match(file.keySet(), r.name()).isEmpty()).map(ConsoleUserEntity::toRecord)
                .forEach(users::add);
        return users;
    }

    /** The user {@code name} names, ignoring case ({@link UserNames}), with their name as stored. */
    public Optional<ConsoleUser> find(String name) {
        Map<String, List<String>> file = bootstrapAccounts();
        Optional<String> fileName = UserNames.match(file.keySet(), name);
        if (fileName.isPresent()) {
            return Optional.of(fileUser(fileName.get(), file.get(fileName.get())));
        }
        return row(name).map(ConsoleUserEntity::toRecord);
    }

    /** A new local user; without a password, an invitation link comes with it. */
    public Created create(NewConsoleUser spec, String actor) {
        String name = validName(spec.name());
        List<String> roles = validRoles(spec.roles());
        String displayName = dev.gatehouse.core.store.Validate.optionalText("displayName", spec.displayName(), 200);
        String email = validEmail(spec.email());
        if (spec.password() != null) {
            PasswordRules.problem(name, spec.password()).ifPresent(p -> {
                throw RequestRejected.invalid("password: " + p);
            });
        }
        refuseBootstrapName(name);
        String hash = spec.password() == null ? null : PasswordHash.hash(spec.password().toCharArray());
        Instant now = clock.instant();
        Link link = spec.password() == null ? newLink(name, OneTimeLink.Purpose.INVITE, now) : null;
        ConsoleUser user = tx.inTransaction(em -> {
            Optional<ConsoleUserEntity> existing = rowIn(em, name);
            if (existing.isPresent()) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "a user named '" + existing.get().name()
                        + "' exists" + (existing.get().name().equals(name) ? "" : " (names are the same ignoring case)"));
            }
            ConsoleUserEntity e = new ConsoleUserEntity(name, displayName, email, roles, ConsoleUser.Source.LOCAL, hash,
                    actor, now);
            em.persist(e);
            if (link != null) {
                em.persist(link.entity(actor));
            }
            return e.toRecord();
        });
        return new Created(user, Optional.ofNullable(link).map(Link::link));
    }

    /** A user just created, and the invitation to give them when no password was set. */
    public record Created(ConsoleUser user, Optional<OneTimeLink> invitation) {
    }

    /**
     * Sets a local user's display name and e-mail ({@code null} or blank clears one); a single sign-on user's come
     * from the identity provider at each sign-in (CONFLICT).
     */
    public ConsoleUser describe(String name, String displayName, String email) {
        String display = dev.gatehouse.core.store.Validate.optionalText("displayName", displayName, 200);
        String mail = validEmail(email);
        return change(name, e -> {
            if (e.source() == ConsoleUser.Source.SSO) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + e.name() + "' signs in with single"
                        + " sign-on: their display name and e-mail come from the identity provider at each sign-in");
            }
            e.describe(display, mail);
        });
    }

    /** Replaces a database user's roles; a single sign-on user's follow their groups instead. */
    public ConsoleUser grantRoles(String name, List<String> roles) {
        List<String> valid = validRoles(roles);
        return change(name, e -> {
            if (e.source() == ConsoleUser.Source.SSO) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + name + "' signs in with single sign-on:"
                        + " their roles follow their groups at the identity provider (the oidc-group-roles setting)");
            }
            e.grantRoles(valid);
        });
    }

    /**
     * The user a single sign-on names, created at its first sign-in ("just in time") and refreshed at each one: roles
     * from the identity provider's groups, display name and email. A name of the properties file or of a local user
     * is refused (an identity provider account must not take over a local one), and so is a disabled user.
     */
    public ConsoleUser signedOnUser(String name, String displayName, String email, List<String> roles) {
        String valid = validName(name);
        List<String> validRoles = validRoles(roles);
        String display = displayName == null ? null : displayName.strip().substring(0, Math.min(displayName.strip().length(), 200));
        String mail = email == null || email.length() > 320 ? null : email.strip();
        refuseBootstrapName(valid);
        Instant now = clock.instant();
        return tx.inTransaction(em -> {
            ConsoleUserEntity e = rowIn(em, valid).orElse(null);
            if (e == null) {
                e = new ConsoleUserEntity(valid, display, mail, validRoles, ConsoleUser.Source.SSO, null, "single sign-on", now);
                em.persist(e);
            } else if (e.source() != ConsoleUser.Source.SSO) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + valid + "' is a local user: single sign-on"
                        + " cannot sign in as them");
            } else if (e.disabled()) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + valid + "' is disabled");
            } else {
                e.grantRoles(validRoles);
                e.describe(display, mail);
            }
            return e.toRecord();
        });
    }

    /**
     * A one-time credential for {@code name}, valid {@value #TICKET_SECONDS} seconds in this process: how the single
     * sign-on hands a user it verified to the container's realm ({@code HttpServletRequest.login}) without a password.
     */
    public String signOnTicket(String name) {
        String ticket = TICKET_PREFIX + Base62.random(RANDOM, LINK_SECRET_LENGTH);
        tickets.put(name, new Ticket(secretHash(ticket), clock.instant().plusSeconds(TICKET_SECONDS)));
        return ticket;
    }

    /** True once for the ticket {@link #signOnTicket} gave for {@code name}, while it is fresh. */
    public boolean redeemSignOnTicket(String name, String presented) {
        if (presented == null || !presented.startsWith(TICKET_PREFIX)) {
            return false;
        }
        Ticket t = tickets.remove(name);
        return t != null && t.expiresAt().isAfter(clock.instant())
                && MessageDigest.isEqual(t.hash().getBytes(StandardCharsets.US_ASCII),
                secretHash(presented).getBytes(StandardCharsets.US_ASCII));
    }

    private record Ticket(String hash, Instant expiresAt) {
    }

    /** Disables a user: no sign-in, and their console sessions end at their next request. */
    public ConsoleUser disable(String name, String actor) {
        Instant now = clock.instant();
        return change(name, e -> {
            if (!e.disabled()) {
                e.disable(now, actor);
            }
        });
    }

    public ConsoleUser enable(String name) {
        return change(name, ConsoleUserEntity::enable);
    }

    /**
     * Removes a database user, their unused one-time links and the identity-provider account they were bound to
     * (so the name can be given to another account): their console sessions end at their next request, as when
     * disabled. The launcher's bootstrap accounts cannot be removed here.
     */
    public ConsoleUser delete(String name) {
        refuseBootstrapName(name);
        return tx.inTransaction(em -> {
            ConsoleUserEntity e = rowIn(em, name).orElse(null);
            if (e == null) {
                throw RequestRejected.notFound("no user named '" + name + "'");
            }
            ConsoleUser removed = e.toRecord();
            em.createNamedQuery("ConsoleUserLink.deleteOfUser").setParameter("user", e.name()).executeUpdate();
            em.createNamedQuery("ConsoleUserSubject.forgetUser").setParameter("user", e.name().toLowerCase(java.util.Locale.ROOT))
                    .executeUpdate();
            em.remove(e);
            return removed;
        });
    }

    /** A password-reset link for an enabled database user; any earlier unused link of theirs stops working. */
    public OneTimeLink resetLink(String name, String actor) {
        refuseBootstrapName(name);
        Instant now = clock.instant();
        return tx.inTransaction(em -> {
            ConsoleUserEntity e = rowIn(em, name).orElse(null);
            if (e == null) {
                throw RequestRejected.notFound("no user named '" + name + "'");
            }
            Link link = newLink(e.name(), OneTimeLink.Purpose.RESET, now);
            if (e.disabled()) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + name + "' is disabled: enable the user first");
            }
            if (e.source() == ConsoleUser.Source.SSO) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + name + "' signs in with single sign-on:"
                        + " the identity provider keeps their password");
            }
            em.createNamedQuery("ConsoleUserLink.withdrawOfUser").setParameter("user", e.name()).setParameter("now", now)
                    .executeUpdate();
            em.persist(link.entity(actor));
            return link.link();
        });
    }

    /**
     * Sets the password of the link's user and uses the link up, in one transaction: of two redemptions at once,
     * one wins. An unknown, used or expired link, or one of a user since disabled, is refused alike.
     *
     * @throws RequestRejected INVALID when the password breaks the rules (the link stays usable), NOT_FOUND for the link
     */
    public ConsoleUser redeem(String secret, String password) {
        String hash = secretHash(secret == null ? "" : secret);
        Instant asked = clock.instant();
        // an unusable link is refused before any hashing: a stranger's guesses cost the server nothing slow
        String user = tx.read(em -> Optional.ofNullable(em.find(ConsoleUserLinkEntity.class, hash))
                .filter(l -> l.usableAt(asked)).map(ConsoleUserLinkEntity::userName)).orElseThrow(ConsoleUsers::invalidLink);
        PasswordRules.problem(user, password).ifPresent(p -> {
            throw RequestRejected.invalid("password: " + p);
        });
        String passwordHash = PasswordHash.hash(password.toCharArray());
        Instant now = clock.instant();
        return tx.inTransaction(em -> {
            int used = em.createNamedQuery("ConsoleUserLink.use").setParameter("hash", hash).setParameter("now", now)
                    .executeUpdate();
            ConsoleUserLinkEntity link = used == 1 ? em.find(ConsoleUserLinkEntity.class, hash) : null;
            ConsoleUserEntity e = link == null ? null : em.find(ConsoleUserEntity.class, link.userName());
            if (e == null || e.disabled() || UserNames.match(bootstrapAccounts().keySet(), e.name()).isPresent()) {
                throw invalidLink();
            }
            e.setPasswordHash(passwordHash);
            return e.toRecord();
        });
    }

    /**
     * Whom a usable link is for, so its page can say what to sign in as; empty for a used, expired or unknown link,
     * or one of a user since disabled, alike (the link's secret is the credential: a valid one may learn its user).
     */
    public Optional<LinkInfo> linkInfo(String secret) {
        String hash = secretHash(secret == null ? "" : secret);
        Instant now = clock.instant();
        return tx.read(em -> Optional.ofNullable(em.find(ConsoleUserLinkEntity.class, hash)).filter(l -> l.usableAt(now))
                .flatMap(l -> Optional.ofNullable(em.find(ConsoleUserEntity.class, l.userName()))
                        .filter(e -> !e.disabled() && UserNames.match(bootstrapAccounts().keySet(), e.name()).isEmpty())
                        .map(e -> new LinkInfo(e.name(), l.purpose(), l.expiresAt()))));
    }

    /** What a one-time link's page may show: the user it is for, why, and until when. */
    public record LinkInfo(String user, OneTimeLink.Purpose purpose, Instant expiresAt) {
    }

    private static RequestRejected invalidLink() {
        return RequestRejected.notFound(INVALID_LINK);
    }

    /**
     * The stored hash of an enabled local user's password when {@code password} is it, checked at PBKDF2's full cost
     * whether or not there is such a user (an unmatchable hash stands in), so timing tells nothing.
     */
    public Optional<String> verifiedPasswordHash(String name, String password) {
        Optional<String> hash = row(name).filter(e -> !e.disabled() && e.source() == ConsoleUser.Source.LOCAL)
                .filter(e -> UserNames.match(bootstrapAccounts().keySet(), e.name()).isEmpty())
                .map(ConsoleUserEntity::passwordHash);
        String checked = hash.orElseGet(PasswordHash::unmatchable);
        boolean matches = PasswordHash.verify(password == null ? new char[0] : password.toCharArray(), checked);
        return matches ? hash : Optional.empty();
    }

    /**
     * A user's own password change: the new password replaces the one {@link #verifiedPasswordHash} just verified, in
     * one transaction, so of two changes at once the second is refused (CONFLICT) rather than silently lost.
     *
     * @throws RequestRejected INVALID when the new password breaks the rules, CONFLICT when the password changed since
     */
    public PasswordChanged changePassword(String name, String verifiedHash, String newPassword) {
        PasswordRules.problem(name, newPassword).ifPresent(p -> {
            throw RequestRejected.invalid("newPassword: " + p);
        });
        String hash = PasswordHash.hash(newPassword.toCharArray());
        return tx.inTransaction(em -> {
            ConsoleUserEntity e = rowIn(em, name).orElse(null);
            if (e == null || e.disabled() || !verifiedHash.equals(e.passwordHash())) {
                throw new RequestRejected(RequestRejected.Reason.CONFLICT, "the password changed meanwhile: sign in again");
            }
            e.setPasswordHash(hash);
            return new PasswordChanged(e.toRecord(), hash);
        });
    }

    /** A password just changed, and its hash: the session that changed it keeps going with it. */
    public record PasswordChanged(ConsoleUser user, String hash) {
    }

    /** The password hash of an enabled database user that has one (the realm's check). */
    public Optional<String> passwordHash(String name) {
        return row(name).filter(e -> !e.disabled()).map(ConsoleUserEntity::passwordHash);
    }

    /** The roles of an enabled database user; empty when there is none by that name or it is disabled. */
    public Optional<List<String>> activeRoles(String name) {
        return row(name).filter(e -> !e.disabled()).map(ConsoleUserEntity::roles);
    }

    /** Replaces a hash of an older cost, when it is still the one that just verified. */
    public void upgradeHash(String name, String verified, String upgraded) {
        tx.inTransaction(em -> {
            ConsoleUserEntity e = rowIn(em, name).orElse(null);
            if (e != null && verified.equals(e.passwordHash())) {
                e.setPasswordHash(upgraded);
            }
            return null;
        });
    }

    /** Remembers a sign-in to the console (a bootstrap account's in this process only). */
    public void recordSignIn(String name) {
        Instant now = clock.instant();
        Optional<String> fileName = UserNames.match(bootstrapAccounts().keySet(), name);
        if (fileName.isPresent()) {
            bootstrapSignIns.put(fileName.get(), now);
            return;
        }
        tx.inTransaction(em -> {
            ConsoleUserEntity e = rowIn(em, name).orElse(null);
            if (e != null) {
                e.signedIn(now);
            }
            return null;
        });
    }

    /** The SHA-256 of a link's secret, as stored. */
    static String secretHash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private ConsoleUser change(String name, java.util.function.Consumer<ConsoleUserEntity> change) {
        refuseBootstrapName(name);
        return tx.inTransaction(em -> {
            ConsoleUserEntity e = rowIn(em, name).orElse(null);
            if (e == null) {
                throw RequestRejected.notFound("no user named '" + name + "'");
            }
            change.accept(e);
            return e.toRecord();
        });
    }

    private Optional<ConsoleUserEntity> row(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return tx.read(em -> rowIn(em, name));
    }

    /** The row of {@code name}'s user, ignoring case: the exact spelling first, else the first created ({@link UserNames}). */
    private static Optional<ConsoleUserEntity> rowIn(jakarta.persistence.EntityManager em, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        List<ConsoleUserEntity> rows = em.createNamedQuery("ConsoleUser.byKey", ConsoleUserEntity.class)
                .setParameter("key", UserNames.key(name)).getResultList();
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().or(() -> rows.stream().findFirst());
    }

    private Map<String, List<String>> bootstrapAccounts() {
        BootstrapAccounts b = bootstrap;
        return b == null ? Map.of() : b.rolesByUser();
    }

    private ConsoleUser fileUser(String name, List<String> roles) {
        return new ConsoleUser(name, null, null, roles, ConsoleUser.Source.FILE, true, null, null, null, null,
                bootstrapSignIns.get(name));
    }

    private void refuseBootstrapName(String name) {
        Optional<String> fileName = UserNames.match(bootstrapAccounts().keySet(), name);
        if (fileName.isPresent()) {
            throw new RequestRejected(RequestRejected.Reason.CONFLICT, "'" + name + "' is "
                    + (fileName.get().equals(name) ? "" : "the same name ignoring case as '" + fileName.get() + "', ")
                    + "an account of admin-users.properties, which wins over the database: change it in that file");
        }
    }

    private static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw RequestRejected.invalid("name: 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** Role names as the container spells them, without duplicates. */
    public static List<String> validRoles(List<String> roles) {
        if (roles == null || roles.size() > MAX_ROLES) {
            throw RequestRejected.invalid("roles: a list of at most " + MAX_ROLES + " role names");
        }
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw RequestRejected.invalid("roles: a role name is 1 to 100 letters, digits, '.', '_' or '-'");
            }
        }
        return roles.stream().distinct().toList();
    }

    private static String validEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.strip();
        if (e.length() > 320 || e.indexOf('@') < 1 || e.chars().anyMatch(c -> c <= ' ')) {
            throw RequestRejected.invalid("email: an address like someone@example.com");
        }
        return e;
    }

    private Link newLink(String user, OneTimeLink.Purpose purpose, Instant now) {
        String secret = Base62.random(RANDOM, LINK_SECRET_LENGTH);
        Instant expires = now.plus(purpose == OneTimeLink.Purpose.INVITE ? INVITE_VALIDITY : RESET_VALIDITY);
        return new Link(new OneTimeLink(user, purpose, secret, expires), now);
    }

    private record Link(OneTimeLink link, Instant createdAt) {
        ConsoleUserLinkEntity entity(String actor) {
            return new ConsoleUserLinkEntity(secretHash(link.secret()), link.user(), link.purpose(), actor, createdAt,
                    link.expiresAt());
        }
    }
}

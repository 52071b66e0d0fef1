package dev.gatehouse.launcher;

import dev.gatehouse.core.users.PasswordHash;
import dev.gatehouse.core.users.PasswordRules;
import dev.gatehouse.core.users.UserNames;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.token.Base62;
import java.security.SecureRandom;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded default's admin accounts, kept in {@code admin-users.properties} in the data folder:
 * {@code user=<password hash>,role,role}. The {@code admin} account is created on first start with a
 * generated password (shown once) unless {@code GATEHOUSE_ADMIN_PASSWORD} sets it; more accounts can be
 * added to the file by hand (see the admin guide). A password set here must pass {@link PasswordRules}; a
 * hash of an older, cheaper cost is replaced at its user's next successful sign-in ({@link #upgradeHash}).
 */
final class AdminAccounts {
    static final String FILE_NAME = "admin-users.properties";
    static final String ADMIN = "admin";
    static final String ADMIN_ROLE = "gatehouse-admin";

    /** One account: its password hash and container roles. */
    record Account(String passwordHash, List<String> roles) {
    }

    /** What happened to the admin password at this start, for the start banner. */
    enum PasswordSource { ENVIRONMENT, GENERATED, STORED }

    private static final System.Logger LOG = System.getLogger(AdminAccounts.class.getName());

    private final Path file;
    private final Map<String, Account> accounts;
    private final PasswordSource source;
    private final String generatedPassword;

    private AdminAccounts(Path file, Map<String, Account> accounts, PasswordSource source, String generatedPassword) {
        this.file = file;
        this.accounts = accounts;
        this.source = source;
        this.generatedPassword = generatedPassword;
    }

    /** Loads the accounts, creating or updating {@code admin} as the environment asks. */
    static AdminAccounts open(Path dataFolder, Optional<String> adminPasswordFromEnv) {
        Path file = dataFolder.resolve(FILE_NAME);
        Map<String, Account> accounts = read(file);
        PasswordSource source;
        String generated = null;
        if (adminPasswordFromEnv.isPresent()) {
            PasswordRules.check("GATEHOUSE_ADMIN_PASSWORD", adminPasswordFromEnv.get());
            source = PasswordSource.ENVIRONMENT;
            accounts.put(ADMIN, new Account(PasswordHash.hash(adminPasswordFromEnv.get().toCharArray()), adminRoles(accounts)));
            write(file, accounts);
        } else if (!accounts.containsKey(ADMIN)) {
            source = PasswordSource.GENERATED;
            generated = Base62.random(new SecureRandom(), 20);
            accounts.put(ADMIN, new Account(PasswordHash.hash(generated.toCharArray()), List.of(ADMIN_ROLE)));
            write(file, accounts);
        } else {
            source = PasswordSource.STORED;
        }
        return new AdminAccounts(file, new ConcurrentHashMap<>(accounts), source, generated);
    }

    /**
     * Replaces {@code user}'s hash by one of today's cost, computed from the password that just matched
     * {@code verifiedHash}; nothing happens when the account changed meanwhile. A failure to write is
     * logged and the old hash kept: it still verifies.
     */
    synchronized void upgradeHash(String user, String verifiedHash, char[] password) {
        Account current = accounts.get(user);
        if (current == null || !current.passwordHash().equals(verifiedHash)) {
            return;
        }
        Account upgraded = new Account(PasswordHash.hash(password), current.roles());
        Map<String, Account> next = new LinkedHashMap<>(accounts);
        next.put(user, upgraded);
        try {
            write(file, next);
            accounts.put(user, upgraded);
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "the password hash of " + LogText.safe(user)
                    + " could not be upgraded to " + PasswordHash.ITERATIONS + " iterations; the old one stays", e);
        }
    }

    /** The names of every account, as of this start. */
    java.util.Set<String> users() {
        return java.util.Set.copyOf(accounts.keySet());
    }

    /** Each account's roles, for the console's list of users (read-only there). */
    Map<String, List<String>> rolesByUser() {
        Map<String, List<String>> roles = new java.util.TreeMap<>();
        accounts.forEach((user, a) -> roles.put(user, a.roles()));
        return roles;
    }

    /** The account {@code user} names, ignoring case ({@link UserNames}). */
    Optional<Account> account(String user) {
        return name(user).map(accounts::get);
    }

    /** The account's name as the file spells it, for {@code user} spelt in any case. */
    Optional<String> name(String user) {
        return UserNames.match(accounts.keySet(), user);
    }

    PasswordSource passwordSource() {
        return source;
    }

    /** The password generated at this start, present only on the very first start. */
    Optional<String> generatedPassword() {
        return Optional.ofNullable(generatedPassword);
    }

    Path file() {
        return file;
    }

    private static List<String> adminRoles(Map<String, Account> accounts) {
        Account existing = accounts.get(ADMIN);
        return existing == null ? List.of(ADMIN_ROLE) : existing.roles();
    }

    private static Map<String, Account> read(Path file) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return accounts;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String user : p.stringPropertyNames()) {
            String[] parts = p.getProperty(user).split(",");
            List<String> roles = Arrays.stream(parts).skip(1).map(String::strip).filter(r -> !r.isEmpty()).toList();
            accounts.put(user.strip(), new Account(parts[0].strip(), roles));
        }
        return accounts;
    }

    private static void write(Path file, Map<String, Account> accounts) {
        Properties p = new Properties();
        accounts.forEach((user, a) -> p.setProperty(user, a.passwordHash()
                + (a.roles().isEmpty() ? "" : "," + String.join(",", a.roles()))));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "Gatehouse admin accounts: user=<pbkdf2 hash>,role,... (roles map to capabilities)");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

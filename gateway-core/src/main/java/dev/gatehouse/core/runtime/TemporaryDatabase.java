package dev.gatehouse.core.runtime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a database that forgets: an in-memory one (WildFly's {@code ExampleDS}, {@code jdbc:h2:mem:}) or
 * one in the temporary folder (Payara Micro's default datasource lives in the runtime folder it unpacks
 * under {@code java.io.tmpdir} and deletes). On such a database every host, token and audit record is gone
 * at the next start, silently; so Gatehouse does not start on one unless the {@code temporary-database}
 * setting is {@code allow} (a try-out), and then says so in the log at every start.
 */
public final class TemporaryDatabase {
    static final String SETTING = "temporary-database";
    private static final System.Logger LOG = System.getLogger(TemporaryDatabase.class.getName());

    private TemporaryDatabase() {
    }

    /**
     * Checks the database at {@code jdbcUrl}: throws, naming the setting, if it forgets and is not allowed to;
     * logs a warning if it forgets and is allowed to.
     */
    public static void check(String jdbcUrl, SettingsSource source, Path temporaryFolder) {
        Optional<String> why = forgets(jdbcUrl, temporaryFolder);
        if (why.isEmpty()) {
            return;
        }
        String allowed = source.get(SETTING).orElse("");
        String what = "Gatehouse's database " + jdbcUrl.split(";", 2)[0] + " " + why.get()
                + ": every host, token and audit record is lost when the server stops";
        if (allowed.equalsIgnoreCase("allow")) {
            LOG.log(System.Logger.Level.WARNING, what + " (allowed by " + SETTING + "=allow: for a try-out only)");
            return;
        }
        throw new IllegalStateException(what + ". Give the server a durable datasource (docs/deploy-wildfly.md and"
                + " docs/deploy-payara.md, PostgreSQL) or, for a try-out, set gatehouse." + SETTING
                + "=allow (GATEHOUSE_TEMPORARY_DATABASE=allow)");
    }

    /** Why the database at {@code jdbcUrl} forgets, if it does. */
    static Optional<String> forgets(String jdbcUrl, Path temporaryFolder) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:derby:memory:") || url.startsWith("jdbc:hsqldb:mem:")) {
            return Optional.of("is held in memory");
        }
        Optional<Path> file = h2File(jdbcUrl);
        if (file.isPresent() && file.get().startsWith(temporaryFolder.toAbsolutePath().normalize())) {
            return Optional.of("lies in the temporary folder " + temporaryFolder);
        }
        return Optional.empty();
    }

    /** The file of an embedded H2 URL ({@code jdbc:h2:/path}, {@code jdbc:h2:file:/path}); empty for a server URL. */
    private static Optional<Path> h2File(String jdbcUrl) {
        if (!jdbcUrl.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring(8).split(";", 2)[0];
        if (rest.regionMatches(true, 0, "file:", 0, 5)) {
            rest = rest.substring(5);
        }
        if (rest.regionMatches(true, 0, "tcp:", 0, 4) || rest.regionMatches(true, 0, "ssl:", 0, 4)
                || rest.regionMatches(true, 0, "zip:", 0, 4)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(rest.replace("~", System.getProperty("user.home"))).toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

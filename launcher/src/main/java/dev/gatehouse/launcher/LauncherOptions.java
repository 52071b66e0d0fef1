package dev.gatehouse.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * The launcher's command line, parsed once. Each option falls back to a {@code GATEHOUSE_*}
 * environment variable, then to a default that suits a first run on a laptop.
 *
 * @param host address to bind, or null for every interface
 * @param port HTTP port; 0 picks a free one (printed at start)
 * @param data folder for the database, keys and admin accounts
 * @param demo whether to run and seed the built-in demo MCP server and "Quickstart" gateway
 * @param database     where the data lives: the H2 database in the data folder unless {@code --db-url} names
 *                     another (PostgreSQL for production and clusters)
 * @param migrateOnly  bring the database schema up to date and exit (run as the schema owner)
 */
public record LauncherOptions(String host, int port, Path data, boolean demo, Database database, boolean migrateOnly) {
    /** A JDBC database and the credentials to reach it. */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() {
            return url + " as " + user; // never the password
        }
    }

    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_DATA = "gatehouse-data";

    static final String USAGE = """
            Usage: java -jar gatehouse.jar [--port N] [--data DIR] [--host ADDRESS] [--no-demo]
              --port N        HTTP port (GATEHOUSE_PORT, default 8080; 0 picks a free port)
              --data DIR      data folder: database, keys, admin accounts (GATEHOUSE_DATA, default ./gatehouse-data)
              --host ADDRESS  address to bind (GATEHOUSE_HOST, default: every interface)
              --no-demo       do not run the built-in demo MCP server and "Quickstart" gateway
              --db-url URL    JDBC URL of the database instead of H2 in the data folder, e.g.
                              jdbc:postgresql://db.example.com/gatehouse (GATEHOUSE_DB_URL)
              --db-user NAME  database user (GATEHOUSE_DB_USER)
              --db-password P database password (GATEHOUSE_DB_PASSWORD; prefer the variable: options show in ps)
              --migrate-only  bring the database schema up to date, then exit (as the schema owner)
            The admin password comes from GATEHOUSE_ADMIN_PASSWORD (at least 12 characters), else it is
            generated on first start.
            java -jar gatehouse.jar demo-upstream [--port N] runs the demo MCP server alone (default port 9090).
            """;

    public static LauncherOptions parse(String[] args, Map<String, String> env) {
        String host = blankToNull(env.get("GATEHOUSE_HOST"));
        String port = env.getOrDefault("GATEHOUSE_PORT", String.valueOf(DEFAULT_PORT));
        String data = env.getOrDefault("GATEHOUSE_DATA", DEFAULT_DATA);
        boolean demo = true;
        boolean migrateOnly = false;
        String dbUrl = blankToNull(env.get("GATEHOUSE_DB_URL"));
        String dbUser = blankToNull(env.get("GATEHOUSE_DB_USER"));
        String dbPassword = env.get("GATEHOUSE_DB_PASSWORD");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--port" -> port = value(args, i++, arg);
                case "--data" -> data = value(args, i++, arg);
                case "--host" -> host = value(args, i++, arg);
                case "--no-demo" -> demo = false;
                case "--db-url" -> dbUrl = value(args, i++, arg);
                case "--db-user" -> dbUser = value(args, i++, arg);
                case "--db-password" -> dbPassword = value(args, i++, arg);
                case "--migrate-only" -> migrateOnly = true;
                case "--help", "-h" -> throw new UsageRequested();
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
            if (arg.contains("=")) {
                i--; // the value was inline, nothing to skip
            }
        }
        Path dataFolder = Path.of(data).toAbsolutePath().normalize();
        return new LauncherOptions(host, parsePort(port), dataFolder, demo,
                database(dataFolder, dbUrl, dbUser, dbPassword), migrateOnly);
    }

    private static Database database(Path data, String url, String user, String password) {
        if (url == null) {
            if (user != null || password != null) {
                throw new IllegalArgumentException("--db-user and --db-password need --db-url (GATEHOUSE_DB_URL)");
            }
            return new Database(h2Url(data), "sa", "");
        }
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("--db-url must be a PostgreSQL (jdbc:postgresql:...) or H2 (jdbc:h2:...) URL");
        }
        return new Database(url, user == null ? "" : user, password == null ? "" : password);
    }

    /** The embedded default: H2 in the data folder. */
    static String h2Url(Path data) {
        // WRITE_DELAY=0: a commit reaches the file before it returns, so a crash loses no acknowledged
        // audit record; DB_CLOSE_ON_EXIT=FALSE: Gatehouse flushes and closes the database itself at shutdown
        return "jdbc:h2:file:" + data.resolve("db").resolve("gatehouse") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static String value(String[] args, int i, String arg) {
        if (arg.contains("=")) {
            return arg.substring(arg.indexOf('=') + 1);
        }
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option '" + arg + "' needs a value");
        }
        return args[i + 1];
    }

    static int parsePort(String value) {
        try {
            int p = Integer.parseInt(value.strip());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535, not '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Thrown for --help: the caller prints the usage and exits successfully. */
    static final class UsageRequested extends RuntimeException {
        UsageRequested() {
            super(null, null, false, false);
        }
    }
}

package dev.gatehouse.launcher;

import java.io.PrintStream;

/** What a newcomer needs on start: where the admin API and the demo gateway are, and where the password comes from. */
record StartBanner(LauncherOptions options, int port, AdminAccounts accounts, boolean demo, long startMillis) {

    void print(PrintStream out) {
        String base = "http://" + displayHost() + ":" + port;
        out.println("Gatehouse started in " + startMillis + " ms");
        out.println("  Console:      " + base + EmbeddedServer.ADMIN_CONTEXT + "/");
        out.println("  Admin API:    " + base + EmbeddedServer.ADMIN_CONTEXT + "/api/");
        if (demo) {
            out.println("  MCP gateway:  " + base + EmbeddedServer.GATEWAY_CONTEXT + "/mcp/" + DemoSeed.GATEWAY_SLUG
                    + "   (demo gateway \"Quickstart\")");
        }
        out.println("  Health:       " + base + EmbeddedServer.GATEWAY_CONTEXT + "/health");
        out.println("  Admin user:   " + AdminAccounts.ADMIN);
        switch (accounts.passwordSource()) {
            case ENVIRONMENT -> out.println("  Password:     from GATEHOUSE_ADMIN_PASSWORD");
            case GENERATED -> out.println("  Password:     " + accounts.generatedPassword().orElseThrow()
                    + "   (generated on first start, shown only now; stored hashed in " + accounts.file() + ")");
            case STORED -> out.println("  Password:     as generated on first start (stored hashed in " + accounts.file()
                    + "; set GATEHOUSE_ADMIN_PASSWORD to replace it)");
        }
        LauncherOptions.Database db = options.database();
        out.println("  Database:     " + (db.url().equals(LauncherOptions.h2Url(options.data())) ? "H2, in the data folder" : db));
        out.println("  Data folder:  " + options.data());
        out.flush();
    }

    private String displayHost() {
        String host = options.host();
        return host == null || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }
}

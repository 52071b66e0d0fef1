package dev.gatehouse.core.runtime;

import dev.gatehouse.core.jpa.JtaTransactions;
import dev.gatehouse.core.jpa.SchemaMigrations;
import jakarta.persistence.EntityManagerFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The one Gatehouse of an application-server deployment. In the EAR the core library is loaded once
 * for both web applications, so whichever starts first creates it and the other reuses it.
 * Its keys live in {@code gatehouse.data} (or {@code GATEHOUSE_DATA}), by default
 * {@code ~/.gatehouse}.
 * <p>
 * Each WAR deployed alone loads its own copy of the core, so one server may run two Gatehouse
 * instances over the same keys. Each writes its own audit chain, so the chain is named after the node
 * <em>and</em> the application ({@code node-1a2b3c4d@gatehouse-admin}): two writers never compete for
 * one chain's sequence numbers.
 */
public final class SharedGatehouse {
    private static Gatehouse instance;
    private static int users;

    private SharedGatehouse() {
    }

    /** The shared instance, created over the container's JTA unit on first use, after migrating its schema. */
    public static synchronized Gatehouse acquire(EntityManagerFactory containerUnit) {
        if (instance == null) {
            SettingsSource source = SettingsSource.system();
            Path data = source.get("data").map(Path::of)
                    .orElse(Path.of(System.getProperty("user.home"), ".gatehouse"));
            SchemaMigrations.migrate(containerUnit);
            GatehouseSettings settings = KeyStoreFile.load(data, source);
            instance = Gatehouse.start(settings.withNodeId(chainName(settings.nodeId(), applicationName())),
                    new JtaTransactions(containerUnit), Clock.systemUTC(), () -> { });
        }
        users++;
        return instance;
    }

    /** The audit chain of this node's copy of Gatehouse in the given application, within the 64-character limit. */
    static String chainName(String nodeId, Optional<String> application) {
        String name = application.map(app -> nodeId + "@" + app).orElse(nodeId);
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /** The deployment's application name (Jakarta EE {@code java:app/AppName}): the EAR's, or the WAR's when alone. */
    private static Optional<String> applicationName() {
        try {
            return Optional.ofNullable(new InitialContext().lookup("java:app/AppName")).map(Object::toString);
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Called by each web application as it stops; the last one closes Gatehouse. */
    public static synchronized void release() {
        if (users > 0 && --users == 0 && instance != null) {
            instance.close();
            instance = null;
        }
    }
}

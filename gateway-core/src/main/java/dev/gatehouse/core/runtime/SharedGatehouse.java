package dev.gatehouse.core.runtime;

import dev.gatehouse.core.jpa.JtaTransactions;
import jakarta.persistence.EntityManagerFactory;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The one Gatehouse of an application-server deployment. In the EAR the core library is loaded once
 * for both web applications, so whichever starts first creates it and the other reuses it.
 * Its keys live in {@code gatehouse.data} (or {@code GATEHOUSE_DATA}), by default
 * {@code ~/.gatehouse}.
 */
public final class SharedGatehouse {
    private static Gatehouse instance;
    private static int users;

    private SharedGatehouse() {
    }

    /** The shared instance, created over the container's JTA unit on first use. */
    public static synchronized Gatehouse acquire(EntityManagerFactory containerUnit) {
        if (instance == null) {
            SettingsSource source = SettingsSource.system();
            Path data = source.get("data").map(Path::of)
                    .orElse(Path.of(System.getProperty("user.home"), ".gatehouse"));
            instance = Gatehouse.start(KeyStoreFile.load(data, source), new JtaTransactions(containerUnit),
                    Clock.systemUTC(), () -> { });
        }
        users++;
        return instance;
    }

    /** Called by each web application as it stops; the last one closes Gatehouse. */
    public static synchronized void release() {
        if (users > 0 && --users == 0 && instance != null) {
            instance.close();
            instance = null;
        }
    }
}

package dev.gatehouse.core.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The application server's own folder for the data of its deployments, where Gatehouse keeps what belongs to
 * the node (the audit journal, retention archives) by default: {@code jboss.server.data.dir} on WildFly, the
 * instance root {@code com.sun.aas.instanceRoot} on Payara. Empty elsewhere.
 */
public final class ServerDataFolder {
    private ServerDataFolder() {
    }

    public static Optional<Path> of() {
        for (String property : new String[] {"jboss.server.data.dir", "com.sun.aas.instanceRoot"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                return Optional.of(Path.of(value));
            }
        }
        return Optional.empty();
    }

    /** {@code name} inside the server's data folder, else inside {@code fallback}. */
    public static Path resolve(String name, Path fallback) {
        return of().map(p -> p.resolve(name)).orElse(fallback);
    }
}

package dev.gatehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The two WARs travel inside the launcher jar (packed by the build) and are written out at each start,
 * so the embedded default runs exactly the archives an application server would deploy.
 */
final class WarFiles {
    static final String GATEWAY_WAR = "gatehouse.war";
    static final String ADMIN_WAR = "gatehouse-admin.war";

    private WarFiles() {
    }

    /** Writes both WARs into {@code folder}, replacing what an older version left there. */
    static Path extract(Path folder) {
        try {
            Files.createDirectories(folder);
            for (String war : new String[] {GATEWAY_WAR, ADMIN_WAR}) {
                try (InputStream in = WarFiles.class.getResourceAsStream("/webapps/" + war)) {
                    if (in == null) {
                        throw new IllegalStateException("/webapps/" + war + " is not in the launcher jar: build it with"
                                + " 'mvn package' and run launcher/target/gatehouse.jar");
                    }
                    Files.copy(in, folder.resolve(war), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return folder;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the web applications to " + folder + ": " + e.getMessage(), e);
        }
    }
}

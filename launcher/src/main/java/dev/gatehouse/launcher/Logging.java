package dev.gatehouse.launcher;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the console to what an operator needs: warnings and errors from libraries, info from Gatehouse. */
final class Logging {
    // held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level
    private static final Logger[] CONFIGURED = {
            Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("org.eclipse.persistence"),
            Logger.getLogger("io.modelcontextprotocol"), Logger.getLogger("reactor"), Logger.getLogger("org.flywaydb")
    };

    private Logging() {
    }

    static void quiet() {
        for (Logger logger : CONFIGURED) {
            logger.setLevel(Level.WARNING);
        }
    }
}

package dev.gatehouse.launcher;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the console to what an operator needs (warnings and errors from libraries, info from Gatehouse)
 * and writes every record through the {@link SafeLogFormatter}, so no logged value can forge a line.
 */
final class Logging {
    // held strongly: java.util.logging keeps loggers weakly, and a collected logger forgets its level
    private static final Logger[] CONFIGURED = {
            Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("org.eclipse.persistence"),
            Logger.getLogger("io.modelcontextprotocol"), Logger.getLogger("reactor"), Logger.getLogger("org.flywaydb")
    };

    private Logging() {
    }

    static void configure() {
        for (Logger logger : CONFIGURED) {
            logger.setLevel(Level.WARNING);
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (!(handler.getFormatter() instanceof SafeLogFormatter)) {
                handler.setFormatter(new SafeLogFormatter());
            }
        }
    }
}

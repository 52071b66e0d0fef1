package dev.gatehouse.core.alert;

import dev.gatehouse.core.runtime.SettingsSource;

import java.time.Duration;
import java.util.Optional;

/**
 * Where alert e-mail leaves from, read once at start. On an application server, the server's own mail
 * session by its JNDI name ({@code mail-session}, e.g. {@code java:jboss/mail/Default} on WildFly,
 * {@code mail/gatehouse} on Payara): the server holds the SMTP host and its credentials. Elsewhere (the
 * launcher, a plain servlet container) an SMTP server named by settings ({@code mail-smtp-host},
 * {@code mail-smtp-port}, {@code mail-smtp-user}, {@code mail-smtp-password}, {@code mail-smtp-tls}).
 * {@code mail-from} is the sender; the repeat window ({@code alert-repeat-seconds}) folds repeats of one
 * alert on every channel.
 *
 * @param tls {@code starttls} (default: upgrade when the server offers it), {@code required} (refuse to send in
 *            clear) or {@code smtps} (TLS from the first byte, port 465)
 */
public record MailSettings(String jndiName, String host, int port, String user, String password, String tls,
                           String from, Duration repeatWindow) {
    public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofMinutes(5);

    public MailSettings {
        if (!"starttls".equals(tls) && !"required".equals(tls) && !"smtps".equals(tls)) {
            throw new IllegalArgumentException("gatehouse mail-smtp-tls must be starttls, required or smtps: " + tls);
        }
        if ((jndiName != null || host != null) && from == null) {
            throw new IllegalArgumentException("gatehouse mail-from is required with mail-session or mail-smtp-host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("gatehouse mail-smtp-port must be 1 to 65535: " + port);
        }
    }

    public static MailSettings from(SettingsSource source) {
        String tls = text(source, "mail-smtp-tls").orElse("starttls");
        int port;
        try {
            port = text(source, "mail-smtp-port").map(Integer::parseInt).orElse("smtps".equals(tls) ? 465 : 25);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gatehouse mail-smtp-port is not a whole number");
        }
        long repeat;
        try {
            repeat = text(source, "alert-repeat-seconds").map(Long::parseLong).orElse(DEFAULT_REPEAT_WINDOW.toSeconds());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gatehouse alert-repeat-seconds is not a whole number");
        }
        if (repeat < 0) {
            throw new IllegalArgumentException("gatehouse alert-repeat-seconds must be 0 or more");
        }
        return new MailSettings(text(source, "mail-session").orElse(null), text(source, "mail-smtp-host").orElse(null), port,
                text(source, "mail-smtp-user").orElse(null), text(source, "mail-smtp-password").orElse(null), tls,
                text(source, "mail-from").orElse(null), Duration.ofSeconds(repeat));
    }

    /** True when alerts can be mailed: a mail session or an SMTP host is set. */
    public boolean configured() {
        return jndiName != null || host != null;
    }

    private static Optional<String> text(SettingsSource source, String name) {
        return source.get(name).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() { // never the password
        return "MailSettings[" + (jndiName != null ? "session=" + jndiName : "smtp=" + host + ":" + port + " tls=" + tls)
                + ", from=" + from + "]";
    }
}

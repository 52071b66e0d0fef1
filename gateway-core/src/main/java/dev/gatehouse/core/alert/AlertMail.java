package dev.gatehouse.core.alert;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends alert e-mail through Jakarta Mail: the application server's mail session looked up by its JNDI name,
 * or a session of Gatehouse's own on the SMTP server of the settings, with connect, read and write timeouts
 * so a dead or stalled mail server costs the alert thread at most those, never a call. The only class that
 * touches Jakarta Mail: it is loaded only when mail is configured, so a deployment without mail needs no
 * Jakarta Mail on its class path.
 */
final class AlertMail implements AlertMailer {
    private static final String TIMEOUT_MILLIS = "10000";

    private final MailSettings settings;
    private volatile Session session;

    AlertMail(MailSettings settings) {
        this.settings = settings;
    }

    /** Checks an address list an admin gives; the refusal names the bad address. */
    static void check(List<String> addresses) {
        for (String a : addresses) {
            try {
                new InternetAddress(a, true);
            } catch (AddressException e) {
                throw new IllegalArgumentException(a);
            }
        }
    }

    @Override
    public void send(List<String> to, String subject, String text, Instant sentAt) throws IOException {
        try {
            MimeMessage m = new MimeMessage(session());
            m.setFrom(new InternetAddress(settings.from(), true));
            for (String address : to) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(address, true));
            }
            m.setSubject(subject, StandardCharsets.UTF_8.name());
            m.setText(text, StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(sentAt));
            m.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies to alerts
            Transport.send(m);
        } catch (MessagingException | NamingException e) {
            throw new IOException(e.getClass().getSimpleName() + ": " + rootMessage(e), e);
        }
    }

    private Session session() throws NamingException {
        Session s = session;
        if (s == null) {
            s = settings.jndiName() != null ? (Session) new InitialContext().lookup(settings.jndiName()) : ownSession();
            session = s;
        }
        return s;
    }

    private Session ownSession() {
        boolean smtps = "smtps".equals(settings.tls());
        String p = smtps ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put("mail.transport.protocol", smtps ? "smtps" : "smtp");
        props.put(p + "host", settings.host());
        props.put(p + "port", String.valueOf(settings.port()));
        props.put(p + "connectiontimeout", TIMEOUT_MILLIS);
        props.put(p + "timeout", TIMEOUT_MILLIS);
        props.put(p + "writetimeout", TIMEOUT_MILLIS);
        props.put(p + "ssl.checkserveridentity", "true");
        if (!smtps) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", String.valueOf("required".equals(settings.tls())));
        }
        if (settings.user() != null) {
            props.put(p + "auth", "true");
            return Session.getInstance(props, new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(settings.user(), settings.password());
                }
            });
        }
        return Session.getInstance(props);
    }

    private static String rootMessage(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

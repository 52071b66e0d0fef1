package dev.gatehouse.core.alert;

import dev.gatehouse.core.runtime.SettingsSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mail settings are read once at start: a bad one stops the start with a message naming it, never the password. */
class MailSettingsTest {
    private static MailSettings read(Map<String, String> env) {
        return MailSettings.from(new SettingsSource(name -> null, env));
    }

    @Test
    void settingsWhenNoneThenMailIsOffAndRepeatsFoldForFiveMinutes() {
        MailSettings none = read(Map.of());
        assertFalse(none.configured());
        assertEquals(Duration.ofMinutes(5), none.repeatWindow());
    }

    @Test
    void settingsWhenSmtpHostWithoutSenderOrWithBadValuesThenTheStartFailsNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("GATEHOUSE_MAIL_SMTP_HOST", "smtp.example.com")))
                .getMessage().contains("mail-from"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("GATEHOUSE_MAIL_SMTP_HOST", "smtp.example.com",
                "GATEHOUSE_MAIL_FROM", "gh@example.com", "GATEHOUSE_MAIL_SMTP_TLS", "none"))).getMessage().contains("mail-smtp-tls"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("GATEHOUSE_MAIL_SMTP_HOST", "smtp.example.com",
                "GATEHOUSE_MAIL_FROM", "gh@example.com", "GATEHOUSE_MAIL_SMTP_PORT", "70000"))).getMessage().contains("mail-smtp-port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(Map.of("GATEHOUSE_ALERT_REPEAT_SECONDS", "-1")))
                .getMessage().contains("alert-repeat-seconds"));
    }

    @Test
    void settingsWhenPrintedThenThePasswordIsNot() {
        MailSettings s = read(Map.of("GATEHOUSE_MAIL_SMTP_HOST", "smtp.example.com", "GATEHOUSE_MAIL_FROM", "gh@example.com",
                "GATEHOUSE_MAIL_SMTP_USER", "gatehouse", "GATEHOUSE_MAIL_SMTP_PASSWORD", "s3cret-smtp-pw", "GATEHOUSE_MAIL_SMTP_TLS", "smtps"));
        assertTrue(s.configured());
        assertEquals(465, s.port(), "smtps defaults to port 465");
        assertFalse(s.toString().contains("s3cret-smtp-pw"), s.toString());
    }
}

package dev.gatehouse.core.alert;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Sends one alert e-mail; {@link AlertMail} is the Jakarta Mail one, absent when mail is not configured. */
interface AlertMailer {
    void send(List<String> to, String subject, String text, Instant sentAt) throws IOException;
}

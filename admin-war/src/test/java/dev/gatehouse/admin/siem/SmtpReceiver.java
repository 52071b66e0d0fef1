package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP server for tests: nodemailer's {@code smtp-server} from npm ({@code src/test/node/smtp-receiver.mjs},
 * installed by the build), run by Node on loopback. Keeps every message it took, parsed by Jakarta Mail from
 * the bytes the server received. {@link #kill} ends the process; {@link #restart} runs it again on the same port.
 */
final class SmtpReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/node/smtp-receiver.mjs").toAbsolutePath();

    /** One message as the server received it. */
    record Mail(String from, List<String> to, MimeMessage message) {
        String subject() {
            try {
                return message.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        String text() {
            try {
                return ((String) message.getContent()).replace("\r\n", "\n");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private volatile Process process;
    private int port;

    private SmtpReceiver() {
    }

    static SmtpReceiver start() {
        SmtpReceiver r = new SmtpReceiver();
        r.run(0);
        return r;
    }

    private void run(int wanted) {
        try {
            ProcessBuilder pb = new ProcessBuilder("node", SCRIPT.toString()).directory(SCRIPT.getParent().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("PORT", String.valueOf(wanted));
            Process p = pb.start();
            CompletableFuture<Integer> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(p, listening), "smtp-receiver-output");
            reader.setDaemon(true);
            reader.start();
            port = listening.get(30, TimeUnit.SECONDS);
            process = p;
        } catch (Exception e) {
            throw new IllegalStateException("the SMTP server (node " + SCRIPT + ") did not start", e);
        }
    }

    private void read(Process p, CompletableFuture<Integer> listening) {
        Session session = Session.getInstance(new Properties());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode o = JSON.readTree(line);
                if (o.has("listening")) {
                    listening.complete(o.get("listening").asInt());
                    continue;
                }
                byte[] raw = Base64.getDecoder().decode(o.get("raw").asText());
                List<String> to = new java.util.ArrayList<>();
                o.get("to").forEach(t -> to.add(t.asText()));
                mails.add(new Mail(o.get("from").asText(), to, new MimeMessage(session, new ByteArrayInputStream(raw))));
            }
        } catch (Exception e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IOException("the SMTP server exited"));
    }

    int port() {
        return port;
    }

    List<Mail> mails() {
        return mails;
    }

    /** Ends the server at once: the port refuses connections until {@link #restart}. */
    void kill() throws InterruptedException {
        Process p = process;
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    void restart() {
        run(port);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}

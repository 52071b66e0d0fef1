package dev.gatehouse.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenID provider nobody here wrote, {@code oidc-provider} from npm, as a child process running
 * {@code integration-tests/node/oidc-provider.mjs} (its development login page signs in whoever is typed; see the
 * script for the accounts' roles). Named {@code localhost} while the servers under test are reached as
 * {@code 127.0.0.1}, so the browser sees the provider as another site, as an organisation's provider is.
 */
public final class OpenIdProviderProcess implements AutoCloseable {
    private final Process process;
    private final String issuer;
    private final List<String> output;

    private OpenIdProviderProcess(Process process, String issuer, List<String> output) {
        this.process = process;
        this.issuer = issuer;
        this.output = output;
    }

    /**
     * Starts the provider for one confidential client whose only redirect URI is {@code redirectUri}, with the
     * script's further {@code options} (such as {@code --access-tokens jwt}); returns once it listens.
     */
    public static OpenIdProviderProcess start(Path harness, String clientId, String clientSecret, String redirectUri,
                                              String... options) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("node", harness.resolve("oidc-provider.mjs").toString(),
                "--port", String.valueOf(port), "--host", "localhost", "--redirect-uri", redirectUri,
                "--post-logout-redirect-uri", redirectUri, "--client-id", clientId, "--client-secret", clientSecret));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).directory(harness.toFile()).redirectErrorStream(true).start();
        String issuer = "http://localhost:" + port;
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("{\"issuer\"")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("oidc-provider ended: " + String.join("\n", output)));
        }, "oidc-provider-output");
        reader.setDaemon(true);
        reader.start();
        OpenIdProviderProcess provider = new OpenIdProviderProcess(process, issuer, output);
        try {
            String line = ready.get(60, TimeUnit.SECONDS);
            if (!line.equals("{\"issuer\":\"" + issuer + "\"}")) {
                throw new IllegalStateException("oidc-provider announced " + line + ", not " + issuer);
            }
        } catch (Exception e) {
            provider.close();
            throw e;
        }
        return provider;
    }

    /** The provider's issuer URL (the elytron-oidc-client's {@code provider-url}, the launcher's {@code oidc-issuer}). */
    public String issuer() {
        return issuer;
    }

    /** Everything the provider printed so far. */
    public String log() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

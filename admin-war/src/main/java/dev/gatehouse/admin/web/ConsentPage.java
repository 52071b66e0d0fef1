package dev.gatehouse.admin.web;

import dev.gatehouse.core.oauth.AuthorizationRequest;

import java.net.URI;

/**
 * The consent page and the authorization error page, rendered on the server (no script): what the user
 * is asked to approve must not depend on anything the client controls beyond the escaped values shown.
 * It names the client, where the browser will be sent back (the redirect URI's host or scheme, so a
 * look-alike name cannot hide a foreign destination) and the gateway.
 */
final class ConsentPage {
    private ConsentPage() {
    }

    static String consent(AuthorizationRequest request, String user, String pendingId, String csrfToken, String action) {
        String client = escape(request.client().name());
        return page("Connect " + client, """
                <h1 id="consent-title">Allow <span id="client-name">%s</span> to use gateway <span id="gateway-name">%s</span>?</h1>
                <dl class="consent-facts">
                  <dt>Signed in as</dt><dd id="consent-user">%s</dd>
                  <dt>Client</dt><dd>%s<br><code id="client-id">%s</code></dd>
                  <dt>Sends you back to</dt><dd><code id="redirect-host">%s</code></dd>
                  <dt>Gateway</dt><dd><code id="gateway-url">%s</code></dd>
                </dl>
                <p class="muted small">The client will call this gateway's tools as you, governed and logged like any
                other host. You can revoke this at any time in the console; until then you will not be asked again.</p>
                <form method="post" action="%s" class="stack">
                  <input type="hidden" name="pending" value="%s">
                  <input type="hidden" name="csrf_token" value="%s">
                  <div class="actions">
                    <button type="submit" name="decision" value="approve" id="approve" class="button primary">Allow</button>
                    <button type="submit" name="decision" value="deny" id="deny" class="button">Deny</button>
                  </div>
                </form>
                """.formatted(client, escape(request.gatewayName()), escape(user), client,
                escape(request.client().clientId()), escape(destination(request.redirectUri())), escape(request.resource()),
                escape(action), escape(pendingId), escape(csrfToken)));
    }

    static String error(String message) {
        return page("Cannot connect", """
                <h1 id="consent-title">This connection request cannot be completed</h1>
                <p class="notice error" role="alert" id="authorization-error">%s</p>
                <p class="muted small">Nothing was shared with the client. Start the connection again from the client.</p>
                """.formatted(escape(message)));
    }

    /** The redirect URI's host (with port), or its scheme for a private-use URI such as {@code cursor://}. */
    static String destination(String redirectUri) {
        try {
            URI u = new URI(redirectUri);
            if (u.getHost() != null && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
            }
            return u.getScheme() + ":" + (u.getHost() != null ? "//" + u.getHost() : "");
        } catch (java.net.URISyntaxException e) {
            return redirectUri;
        }
    }

    private static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s · Gatehouse</title>
                  <link rel="icon" href="../assets/favicon.svg" type="image/svg+xml">
                  <link rel="stylesheet" href="../assets/console.css">
                </head>
                <body class="login-page">
                  <main class="login-card" aria-labelledby="consent-title">
                    <p class="brand"><img src="../assets/favicon.svg" alt="" width="28" height="28"> Gatehouse</p>
                %s  </main>
                </body>
                </html>
                """.formatted(title, body);
    }

    /** HTML text and attribute escaping (OWASP rule 1 and 2 for quoted attributes). */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#x27;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

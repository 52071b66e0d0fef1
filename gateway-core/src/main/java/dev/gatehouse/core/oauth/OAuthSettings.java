package dev.gatehouse.core.oauth;

import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Lifetimes and limits of Gatehouse's authorization server, parsed once. Access tokens are short-lived
 * (revocation is immediate anyway, since every request reads the database); refresh tokens rotate, and
 * the replaced one stays usable for {@code refreshGrace} because several processes of one client
 * (Claude Code sessions, editor windows) share a refresh token and race to use it.
 *
 * @param allowPrivateMetadataHosts lets Client ID Metadata Documents come from loopback or private
 *                                  addresses and over plain http: for tests and closed networks only
 */
public record OAuthSettings(Duration codeTtl, Duration accessTokenTtl, Duration refreshTokenTtl, Duration refreshGrace,
                            Duration unusedRegistrationTtl, int metadataMaxBytes, Duration metadataCacheTtl,
                            Duration metadataTimeout, boolean allowPrivateMetadataHosts) {
    /** The system property (or, upper-cased with underscores, environment variable) of the private-hosts switch. */
    public static final String ALLOW_PRIVATE_METADATA_HOSTS = "gatehouse.oauth.cimd-allow-private-hosts";

    public static OAuthSettings defaults() {
        return new OAuthSettings(Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofDays(30), Duration.ofMinutes(2),
                Duration.ofHours(24), 16 * 1024, Duration.ofMinutes(10), Duration.ofSeconds(5), false);
    }

    /** The defaults with the switches read from system properties and the environment. */
    public static OAuthSettings fromEnvironment() {
        return fromLookup(name -> {
            String v = System.getProperty(name);
            return v != null ? v : System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        });
    }

    static OAuthSettings fromLookup(UnaryOperator<String> lookup) {
        OAuthSettings d = defaults();
        boolean allowPrivate = Boolean.parseBoolean(String.valueOf(lookup.apply(ALLOW_PRIVATE_METADATA_HOSTS)).strip());
        return new OAuthSettings(d.codeTtl, d.accessTokenTtl, d.refreshTokenTtl, d.refreshGrace, d.unusedRegistrationTtl,
                d.metadataMaxBytes, d.metadataCacheTtl, d.metadataTimeout, allowPrivate);
    }
}

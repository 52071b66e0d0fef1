package dev.gatehouse.core.oauth;

import java.time.Duration;

/**
 * Lifetimes and limits of Gatehouse's authorization server, parsed once (from the settings
 * {@code oauth-*}, see {@code Gatehouse.oauthSettings}). Access tokens are short-lived (revocation is
 * immediate anyway, since every request reads the database); refresh tokens rotate, and the replaced
 * one stays usable for {@code refreshGrace} because several processes of one client (Claude Code
 * sessions, editor windows) share a refresh token and race to use it.
 *
 * @param allowPrivateMetadataHosts        lets Client ID Metadata Documents come from loopback or private
 *                                         addresses and over plain http: for tests and closed networks only
 * @param maxUnusedRegistrations           dynamic registrations that never led to a connection, at most;
 *                                         beyond it registration answers 429 until the oldest is purged
 * @param registrationsPerAddressPerMinute dynamic registrations one client address may make per minute, on one node
 */
public record OAuthSettings(Duration codeTtl, Duration accessTokenTtl, Duration refreshTokenTtl, Duration refreshGrace,
                            Duration unusedRegistrationTtl, int metadataMaxBytes, Duration metadataCacheTtl,
                            Duration metadataTimeout, boolean allowPrivateMetadataHosts, int maxUnusedRegistrations,
                            int registrationsPerAddressPerMinute) {
    /** The system property (or, upper-cased with underscores, environment variable) of the private-hosts switch. */
    public static final String ALLOW_PRIVATE_METADATA_HOSTS = "gatehouse.oauth.cimd-allow-private-hosts";
    /** The longest an authorization code may live (OAuth 2.1 section 4.1.2 recommends at most 10 minutes). */
    public static final Duration MAX_CODE_TTL = Duration.ofMinutes(10);

    public OAuthSettings {
        positive("oauth-code-seconds", codeTtl);
        positive("oauth-access-token-seconds", accessTokenTtl);
        positive("oauth-refresh-token-seconds", refreshTokenTtl);
        if (refreshGrace.isNegative()) {
            throw new IllegalArgumentException("gatehouse oauth-refresh-grace-seconds must not be negative");
        }
        if (codeTtl.compareTo(MAX_CODE_TTL) > 0) {
            throw new IllegalArgumentException("gatehouse oauth-code-seconds must be at most "
                    + MAX_CODE_TTL.toSeconds() + " (10 minutes)");
        }
        if (accessTokenTtl.compareTo(refreshTokenTtl) > 0) {
            throw new IllegalArgumentException(
                    "gatehouse oauth-access-token-seconds must not exceed oauth-refresh-token-seconds");
        }
        if (refreshGrace.compareTo(refreshTokenTtl) >= 0) {
            throw new IllegalArgumentException(
                    "gatehouse oauth-refresh-grace-seconds must be shorter than oauth-refresh-token-seconds");
        }
        if (maxUnusedRegistrations < 1) {
            throw new IllegalArgumentException("gatehouse oauth-max-unused-registrations must be at least 1");
        }
        if (registrationsPerAddressPerMinute < 1) {
            throw new IllegalArgumentException("gatehouse oauth-registrations-per-minute must be at least 1");
        }
    }

    /** Code 2 min, access token 1 h, refresh token 30 days, grace 2 min; 1000 unused registrations, 20 a minute per address. */
    public static OAuthSettings defaults() {
        return new OAuthSettings(Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofDays(30), Duration.ofMinutes(2),
                Duration.ofHours(24), 16 * 1024, Duration.ofMinutes(10), Duration.ofSeconds(5), false, 1000, 20);
    }

    /** These settings with other lifetimes (each validated). */
    public OAuthSettings withLifetimes(Duration code, Duration access, Duration refresh, Duration grace) {
        return new OAuthSettings(code, access, refresh, grace, unusedRegistrationTtl, metadataMaxBytes, metadataCacheTtl,
                metadataTimeout, allowPrivateMetadataHosts, maxUnusedRegistrations, registrationsPerAddressPerMinute);
    }

    /** These settings with other registration limits (each validated). */
    public OAuthSettings withRegistrationLimits(int maxUnused, int perAddressPerMinute) {
        return new OAuthSettings(codeTtl, accessTokenTtl, refreshTokenTtl, refreshGrace, unusedRegistrationTtl,
                metadataMaxBytes, metadataCacheTtl, metadataTimeout, allowPrivateMetadataHosts, maxUnused,
                perAddressPerMinute);
    }

    /** These settings with the private-hosts switch set. */
    public OAuthSettings withPrivateMetadataHosts(boolean allow) {
        return new OAuthSettings(codeTtl, accessTokenTtl, refreshTokenTtl, refreshGrace, unusedRegistrationTtl,
                metadataMaxBytes, metadataCacheTtl, metadataTimeout, allow, maxUnusedRegistrations,
                registrationsPerAddressPerMinute);
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("gatehouse " + name + " must be at least 1");
        }
    }
}

package dev.gatehouse.admin.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks an ID token as OpenID Connect Core 1.0 section 3.1.3.7 asks: a JWS (never {@code alg: none}, never a
 * symmetric algorithm, whose key would be the client secret or, confused, the provider's public key) signed by one
 * of the provider's keys of the matching type; {@code iss} the provider's; {@code aud} naming this client (and
 * {@code azp} this client when there are several audiences); {@code exp} not passed and {@code iat} not in the
 * future, with {@value #SKEW_SECONDS} seconds of clock skew; {@code nonce} the one this sign-in sent.
 */
public final class IdTokenCheck {
    static final long SKEW_SECONDS = 60;
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private final OidcProvider provider;
    private final Clock clock;

    public IdTokenCheck(OidcProvider provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /** @throws OidcFailure saying which check failed */
    public JWTClaimsSet verified(String idToken, String nonce) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (ParseException | RuntimeException e) {
            throw new OidcFailure("the ID token is not a signed JWT (an unsigned token, alg none, is refused)");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALLOWED.contains(alg)) {
            throw new OidcFailure("the ID token's algorithm " + alg + " is not accepted (RS*, PS* or ES* only)");
        }
        if (!signatureVerifies(jwt, alg)) {
            throw new OidcFailure("the ID token's signature does not verify with the provider's keys");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new OidcFailure("the ID token's claims are not JSON");
        }
        String issuer = provider.metadata().issuer();
        if (!issuer.equals(claims.getIssuer())) {
            throw new OidcFailure("the ID token's issuer '" + claims.getIssuer() + "' is not the provider's");
        }
        String clientId = provider.settings().clientId();
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw new OidcFailure("the ID token is not for this client (aud " + audience + ")");
        }
        Object azp = claims.getClaim("azp");
        if (audience.size() > 1 && !clientId.equals(azp)) {
            throw new OidcFailure("the ID token has several audiences and its azp is not this client");
        }
        Instant now = clock.instant();
        Duration skew = Duration.ofSeconds(SKEW_SECONDS);
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
            throw new OidcFailure("the ID token has expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || iat.toInstant().isAfter(now.plus(skew))) {
            throw new OidcFailure("the ID token's issue time is missing or in the future");
        }
        Object tokenNonce = claims.getClaim("nonce");
        if (nonce == null || !nonce.equals(tokenNonce)) {
            throw new OidcFailure("the ID token's nonce is not this sign-in's (a replayed token?)");
        }
        return claims;
    }

    private boolean signatureVerifies(SignedJWT jwt, JWSAlgorithm alg) {
        String kid = jwt.getHeader().getKeyID();
        JWKSet keys = provider.keys(kid);
        for (JWK key : keys.getKeys()) {
            if ((kid != null && !kid.equals(key.getKeyID())) || KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
                continue;
            }
            try {
                JWSVerifier verifier = verifier(key, alg);
                if (verifier != null && jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // a key of another kind or size: try the next one
            }
        }
        return false;
    }

    private static JWSVerifier verifier(JWK key, JWSAlgorithm alg) throws JOSEException {
        if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
            return new ECDSAVerifier(ec.toECPublicKey());
        }
        return null;
    }
}

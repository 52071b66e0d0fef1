package dev.gatehouse.admin.sso;

import jakarta.enterprise.inject.spi.Extension;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's switch to Payara's own OpenID Connect client stays off everywhere it is not asked for (row 600):
 * without Payara's annotation type (Jetty, the launcher, WildFly) it does not even read the settings, and on Payara it
 * needs {@code payara.security.openid.providerURI}. Where it is on, the definition is a well-formed instance of the
 * annotation type it is given: the defaults, the provider, and the two members the console's Strict session cookie
 * needs. The annotation type below only has the shape of Payara's (members with defaults, arrays, a nested
 * annotation); Payara's own is used in {@code server-tests/payara}'s {@code ConsoleSingleSignOnIT}.
 */
class ServerOpenIdConnectTest {
    private static final Function<String, Optional<String>> NOT_TO_BE_READ = name -> {
        throw new AssertionError("read " + name + " where the server is not Payara");
    };

    @Retention(RetentionPolicy.RUNTIME)
    @interface Claims {
        String callerGroupsClaim() default "groups";
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Definition {
        String providerURI() default "";
        String redirectURI() default "${baseURL}/Callback";
        String[] scope() default {"openid", "email", "profile"};
        boolean useSession() default true;
        int jwksReadTimeout() default 500;
        Claims claimsDefinition() default @Claims;
    }

    @Definition(providerURI = "https://idp.example.com", redirectURI = "${baseURL}/sso/signed-in", useSession = false)
    private static final class Compiled {
    }

    @Test
    void definitionWhenPayarasTypeIsAbsentThenOffWithoutReadingSettings() {
        Optional<Class<? extends Annotation>> type = ServerOpenIdConnect.payaraDefinitionType(getClass().getClassLoader());

        assertEquals(Optional.empty(), type);
        assertEquals(Optional.empty(), ServerOpenIdConnect.definition(type, NOT_TO_BE_READ));
    }

    @Test
    void definitionWhenProviderUnsetOrBlankThenOff() {
        assertEquals(Optional.empty(), ServerOpenIdConnect.definition(Optional.of(Definition.class), name -> Optional.empty()));
        assertEquals(Optional.empty(), ServerOpenIdConnect.definition(Optional.of(Definition.class), name -> Optional.of("  ")));
    }

    @Test
    void definitionWhenProviderSetThenDefaultsWithProviderLandingAndCookieState() {
        Definition d = (Definition) ServerOpenIdConnect.definition(Optional.of(Definition.class),
                name -> name.equals(ServerOpenIdConnect.PROVIDER_URI) ? Optional.of(" https://idp.example.com ") : Optional.empty())
                .orElseThrow();

        assertEquals("https://idp.example.com", d.providerURI());
        assertEquals("${baseURL}/sso/signed-in", d.redirectURI());
        assertFalse(d.useSession());
        assertArrayEquals(new String[]{"openid", "email", "profile"}, d.scope());
        assertEquals(500, d.jwksReadTimeout());
        assertEquals("groups", d.claimsDefinition().callerGroupsClaim());
        assertEquals(Definition.class, d.annotationType());
    }

    /** A CDI container compares and hashes annotations: the synthetic one keeps the contract of a compiled one. */
    @Test
    void syntheticAnnotationWhenComparedWithTheSameCompiledOneThenEqualWithTheSameHash() {
        Annotation compiled = Compiled.class.getAnnotation(Definition.class);
        Annotation synthetic = SyntheticAnnotation.of(Definition.class,
                Map.of("providerURI", "https://idp.example.com", "redirectURI", "${baseURL}/sso/signed-in", "useSession", false));

        assertTrue(synthetic.equals(compiled));
        assertTrue(compiled.equals(synthetic));
        assertEquals(compiled.hashCode(), synthetic.hashCode());
        assertNotEquals(SyntheticAnnotation.of(Definition.class, Map.of()), compiled);
        ((Definition) synthetic).scope()[0] = "changed";
        assertEquals("openid", ((Definition) synthetic).scope()[0]);
    }

    @Test
    void syntheticAnnotationWhenMemberUnknownOrOfTheWrongTypeThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticAnnotation.of(Definition.class, Map.of("providerUri", "x")));
        assertThrows(IllegalArgumentException.class, () -> SyntheticAnnotation.of(Definition.class, Map.of("useSession", "false")));
    }

    /** The service file names the extension, and loading it (as Weld does on WildFly) needs nothing of Payara's. */
    @Test
    void extensionWhenLoadedAsAServiceThenFoundWithoutPayara() {
        assertTrue(ServiceLoader.load(Extension.class, getClass().getClassLoader()).stream()
                .anyMatch(p -> p.type() == ServerOpenIdConnectExtension.class));
        assertEquals(Optional.empty(), ServerOpenIdConnectExtension.microProfileConfig(getClass().getClassLoader())
                .apply(ServerOpenIdConnect.PROVIDER_URI));
    }
}

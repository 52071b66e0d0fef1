package dev.gatehouse.admin.sso;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Payara's own OpenID Connect client for the console, switched on by configuration alone: when the server is Payara
 * (its {@code @OpenIdAuthenticationDefinition} can be loaded) and the MicroProfile Config property
 * {@value #PROVIDER_URI} is set, {@link ServerOpenIdConnectExtension} adds this class as a bean carrying that
 * annotation, and Payara's client replaces the FORM sign-in of the one admin WAR. Everywhere else (Jetty and the
 * launcher, WildFly, a Payara without the property) nothing changes. Every other {@code payara.security.openid.*}
 * property (client id and secret, groups claim, ...) is read by Payara itself and wins over what is set here.
 *
 * <p>Two members differ from Payara's defaults, because the console's session cookie is {@code SameSite=Strict} and
 * does not come with the provider's cross-site redirect back: the state and nonce live in cookies
 * ({@code useSession=false}), and the provider answers at {@value #LANDING_PATH} (open, so the client handles the
 * answer there rather than starting a new sign-in), whose page moves the browser to the console.
 */
public final class ServerOpenIdConnect {
    /** The MicroProfile Config property that switches Payara's client on: the provider's issuer URL. */
    public static final String PROVIDER_URI = "payara.security.openid.providerURI";
    /** Payara's annotation, loaded by name: nothing here links against Payara. */
    static final String DEFINITION = "fish.payara.security.annotations.OpenIdAuthenticationDefinition";
    /** Where the provider sends the browser back, under the application (served by {@link SingleSignOnServlet}). */
    static final String LANDING_PATH = "/signed-in";
    /** The redirect URI as Payara expands it ({@code ${baseURL}} is the application's URL). */
    static final String REDIRECT_URI = "${baseURL}/sso" + LANDING_PATH;

    /** Set once the extension added the definition to this deployment (the class is the WAR's own: one per deployment). */
    private static volatile boolean switchedOn;

    /**
     * Whether Payara's client signs this deployment's users in. The container then still reports the WAR's
     * {@code FORM} as the authentication type, though the FORM sign-in is off: the sign-in audit asks here instead.
     */
    public static boolean signsIn() {
        return switchedOn;
    }

    static void switchOn() {
        switchedOn = true;
    }

    /** A bean of this class carries the definition; it has no behaviour of its own. */
    public ServerOpenIdConnect() {
        // for the CDI container
    }

    /** Payara's definition annotation type, where {@code loader} has it (it is never initialised here). */
    static Optional<Class<? extends Annotation>> payaraDefinitionType(ClassLoader loader) {
        try {
            return Optional.of(Class.forName(DEFINITION, false, loader).asSubclass(Annotation.class));
        } catch (ClassNotFoundException | LinkageError | ClassCastException e) {
            return Optional.empty();
        }
    }

    /**
     * The definition to put on this class, or empty where it must stay off: no definition {@code type} (not Payara;
     * then {@code settings} is not asked), or {@value #PROVIDER_URI} not set (blank counts as not set) in
     * {@code settings}.
     */
    static Optional<Annotation> definition(Optional<Class<? extends Annotation>> type,
                                           Function<String, Optional<String>> settings) {
        if (type.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> provider = settings.apply(PROVIDER_URI).map(String::strip).filter(s -> !s.isEmpty());
        if (provider.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SyntheticAnnotation.of(type.get(), Map.of(
                "providerURI", provider.get(),
                "redirectURI", REDIRECT_URI,
                "useSession", false)));
    }
}

package dev.gatehouse.admin.sso;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Function;

/**
 * The CDI portable extension that switches Payara's OpenID Connect client on for the console when configured
 * ({@link ServerOpenIdConnect}): before bean discovery it adds {@link ServerOpenIdConnect} as a bean carrying Payara's
 * {@code @OpenIdAuthenticationDefinition}, which Payara's own extension then finds as if it were compiled in. Where
 * the definition stays off it adds nothing; the launcher's Jetty runs no CDI at all and never loads it.
 */
public final class ServerOpenIdConnectExtension implements Extension {
    private static final System.Logger LOG = System.getLogger(ServerOpenIdConnectExtension.class.getName());
    private static final String CONFIG_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";
    private static final String CONFIG = "org.eclipse.microprofile.config.Config";

    void addDefinitionWhereConfigured(@Observes BeforeBeanDiscovery event) {
        ClassLoader loader = ServerOpenIdConnectExtension.class.getClassLoader();
        ServerOpenIdConnect.definition(ServerOpenIdConnect.payaraDefinitionType(loader), microProfileConfig(loader)).ifPresent(definition -> {
            event.addAnnotatedType(ServerOpenIdConnect.class, ServerOpenIdConnect.class.getName()).add(definition);
            ServerOpenIdConnect.switchOn();
            LOG.log(System.Logger.Level.INFO, "the console signs in through the server's OpenID Connect client ("
                    + ServerOpenIdConnect.PROVIDER_URI + " is set); the FORM sign-in is off");
        });
    }

    /**
     * The application's MicroProfile Config, read by reflection when first asked, so that a server without it loads
     * nothing; there every property reads as absent.
     */
    @SuppressWarnings("unchecked")
    static Function<String, Optional<String>> microProfileConfig(ClassLoader loader) {
        return name -> {
            Object config;
            Method getOptionalValue;
            try {
                Class<?> provider = Class.forName(CONFIG_PROVIDER, true, loader);
                getOptionalValue = Class.forName(CONFIG, true, loader).getMethod("getOptionalValue", String.class, Class.class);
                config = provider.getMethod("getConfig", ClassLoader.class).invoke(null, loader);
            } catch (ReflectiveOperationException | LinkageError e) {
                return Optional.empty();
            }
            try {
                return (Optional<String>) getOptionalValue.invoke(config, name, String.class);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("MicroProfile Config could not read " + name, e);
            }
        };
    }
}

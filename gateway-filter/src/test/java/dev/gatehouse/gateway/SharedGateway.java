package dev.gatehouse.gateway;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link GatewayHarness} for the whole test run (the test classes that only read share it)
 * and stops it when the run ends. Inject it as a {@code @BeforeAll} or test parameter.
 */
final class SharedGateway implements ParameterResolver {
    private static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final GatewayHarness harness;

        Resource() {
            try {
                harness = new GatewayHarness();
            } catch (Exception e) {
                throw new IllegalStateException("test gateway did not start", e);
            }
        }

        @Override
        public void close() throws Exception {
            harness.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GatewayHarness.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resource.class, k -> new Resource(), Resource.class).harness;
    }
}

package dev.gatehouse.core.upstream;

/** Every promise of {@link UpstreamClientTest} on {@code java.net.http} (the setting {@code upstream-http-client=jdk}). */
class UpstreamClientOnJdkTest extends UpstreamClientTest {
    @Override
    UpstreamClient.HttpClientKind kind() {
        return UpstreamClient.HttpClientKind.JDK;
    }
}

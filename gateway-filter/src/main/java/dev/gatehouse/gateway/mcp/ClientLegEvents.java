package dev.gatehouse.gateway.mcp;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.WriteListener;

/**
 * What the container reports about a {@link ClientLeg}'s exchange (an error, the backstop's timeout) and its
 * non-blocking output (writable again, a failed write), passed on to it. Public with a public no-argument constructor, as the Servlet specification expects of
 * an {@code AsyncListener} class: WildFly prepares every one in a deployment for injection, and warned
 * {@code WFLYEE0007 ... Not installing optional component ClientLeg} on every deployment while the leg,
 * which has no such constructor, was the listener itself. An instance made by a container has no leg
 * and ignores every event.
 */
public final class ClientLegEvents implements AsyncListener, WriteListener {
    private final ClientLeg leg;

    /** For a container; Gatehouse never registers such an instance. */
    public ClientLegEvents() {
        this(null);
    }

    ClientLegEvents(ClientLeg leg) {
        this.leg = leg;
    }

    @Override
    public void onError(AsyncEvent event) {
        if (leg != null) {
            leg.containerError(event.getThrowable());
        }
    }

    @Override
    public void onWritePossible() {
        if (leg != null) {
            leg.writePossible();
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (leg != null) {
            leg.containerError(failure);
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        if (leg != null) {
            leg.backstopExpired();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // the leg completes the exchange itself and runs its hooks then
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // one asynchronous cycle per exchange
    }
}

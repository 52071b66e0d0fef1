package dev.gatehouse.core.model;

/** How a host proves who it is: a browser login, or a long-lived API access token for headless agents. */
public enum HostKind {
    INTERACTIVE,
    TOKEN
}

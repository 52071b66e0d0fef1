package dev.gatehouse.core.store;

import dev.gatehouse.core.model.UpstreamServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An admin's edit of a registered server: each null field stays as it is. The slug is not editable (gateways'
 * prefixes, rules and the audit trail name the server by it). A new secret replaces the server's shared
 * identity's secret, sealed like the first one; the old one is never read back.
 *
 * @param authHeaderName the header the secret goes in; null keeps the current one (required with a first secret)
 * @param authSecret     a new secret for the shared identity (rotation); null keeps the current one
 */
public record ServerEdit(String name, String url, UpstreamServer.Transport transport, Duration connectTimeout,
                         Duration readTimeout, Boolean enabled, String authHeaderName, String authSecret) {

    /** The wire names of the fields this edit changes, for the audit record (never a value). */
    public List<String> changedFields() {
        List<String> fields = new ArrayList<>();
        if (name != null) fields.add("name");
        if (url != null) fields.add("url");
        if (transport != null) fields.add("transport");
        if (connectTimeout != null) fields.add("connectTimeoutMs");
        if (readTimeout != null) fields.add("readTimeoutMs");
        if (enabled != null) fields.add("enabled");
        if (authHeaderName != null) fields.add("authHeaderName");
        if (authSecret != null) fields.add("authSecret");
        return fields;
    }

    @Override
    public String toString() {
        return "ServerEdit" + changedFields(); // the secret never goes into a string
    }
}

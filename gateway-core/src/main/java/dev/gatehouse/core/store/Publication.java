package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.IdentityScheme;

/**
 * What an admin gives to publish a server on a gateway (or change how it is published): the prefix its
 * names carry there (null: the server's slug) and, for tools, prompts and resources, what is allowed
 * (null: everything), and whose identity its calls present (null: the server's shared one).
 */
public record Publication(String server, String toolPrefix, Exposure tools, Exposure prompts, Exposure resources,
                          IdentityScheme scheme) {
    public Publication(String server, String toolPrefix, Exposure tools, Exposure prompts, Exposure resources) {
        this(server, toolPrefix, tools, prompts, resources, IdentityScheme.SHARED);
    }

    public Publication {
        scheme = scheme == null ? IdentityScheme.SHARED : scheme;
        tools = tools == null ? Exposure.ALL : tools;
        prompts = prompts == null ? Exposure.ALL : prompts;
        resources = resources == null ? Exposure.ALL : resources;
    }
}

package dev.gatehouse.core.store;

import dev.gatehouse.core.model.Exposure;

/**
 * What an admin gives to publish a server on a gateway (or change how it is published): the prefix its
 * names carry there (null: the server's slug) and, for tools, prompts and resources, what is allowed
 * (null: everything).
 */
public record Publication(String server, String toolPrefix, Exposure tools, Exposure prompts, Exposure resources) {
    public Publication {
        tools = tools == null ? Exposure.ALL : tools;
        prompts = prompts == null ? Exposure.ALL : prompts;
        resources = resources == null ? Exposure.ALL : resources;
    }
}

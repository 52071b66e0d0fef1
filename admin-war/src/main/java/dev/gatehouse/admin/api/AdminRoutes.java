package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.Route;
import dev.gatehouse.admin.http.Router;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.admin.security.Access;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.core.runtime.Gatehouse;

import java.util.List;

/**
 * Every admin endpoint in one table, each with the capability it needs, so who may do what is
 * reviewable at a glance. Reads of the catalogue (hosts, their connections, gateways, servers) need
 * any capability; each change needs the capability named beside it; logs need {@code logs:read}.
 */
final class AdminRoutes {
    private AdminRoutes() {
    }

    static Router build(Gatehouse gatehouse, AdminSettings settings, AdminActions actions) {
        JsonBodyReader bodies = new JsonBodyReader(settings.maxBodyBytes());
        GatewayLinks links = new GatewayLinks(settings);
        HostsResource hosts = new HostsResource(gatehouse.hosts(), bodies, actions);
        ConnectionsResource connections = new ConnectionsResource(gatehouse.connections(), gatehouse.hosts(), bodies,
                links, actions);
        GatewaysResource gateways = new GatewaysResource(gatehouse.catalog(), bodies, links, actions);
        ServersResource servers = new ServersResource(gatehouse.catalog(), bodies, actions);
        LogsResource logs = new LogsResource(gatehouse.audit());
        MeResource me = new MeResource();
        Access read = Access.anyCapability();
        return new Router(List.of(
                Route.of("GET", "/me", Access.authenticated(), "me.read", me::get),
                Route.of("GET", "/hosts", read, "hosts.list", hosts::list),
                Route.of("POST", "/hosts", Access.of(Capability.HOSTS_MANAGE), "host.create", hosts::create),
                Route.of("GET", "/hosts/{id}", read, "host.read", hosts::get),
                Route.of("DELETE", "/hosts/{id}", Access.of(Capability.HOSTS_MANAGE), "host.delete", hosts::delete),
                Route.of("GET", "/hosts/{id}/connections", read, "connections.list", connections::listOfHost),
                Route.of("POST", "/hosts/{id}/connections", Access.of(Capability.TOKENS_ISSUE), "connection.create",
                        connections::create),
                Route.of("GET", "/connections/{id}", read, "connection.read", connections::get),
                Route.of("DELETE", "/connections/{id}", Access.of(Capability.TOKENS_ISSUE), "connection.delete",
                        connections::delete),
                Route.of("GET", "/gateways", read, "gateways.list", gateways::list),
                Route.of("POST", "/gateways", Access.of(Capability.GATEWAYS_MANAGE), "gateway.create", gateways::create),
                Route.of("GET", "/gateways/{slug}", read, "gateway.read", gateways::get),
                Route.of("GET", "/servers", read, "servers.list", servers::list),
                Route.of("POST", "/servers", Access.of(Capability.SERVERS_MANAGE), "server.create", servers::create),
                Route.of("GET", "/servers/{id}", read, "server.read", servers::get),
                Route.of("GET", "/logs", Access.of(Capability.LOGS_READ), "logs.read", logs::list)));
    }
}

package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.Route;
import dev.gatehouse.admin.http.Router;
import dev.gatehouse.admin.runtime.AdminSettings;
import dev.gatehouse.admin.security.Access;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.mcp.NameClashes;
import dev.gatehouse.core.mcp.OwnRequests;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.upstream.UpstreamProbe;

import java.util.List;

/**
 * Every admin endpoint in one table, each with the capability it needs, so who may do what is
 * reviewable at a glance. Reads of the catalogue (hosts, their connections and tokens, gateways,
 * servers) need any capability; each change needs the capability named beside it; logs need
 * {@code logs:read} (so does the audit chain check), their export {@code logs:export}; the break-glass revocation {@code hosts:manage};
 * the settings {@code settings:manage}; rules, rate limits and tool quarantine {@code rules:manage}
 * (reading them any capability); held calls {@code calls:approve}; the dashboard {@code logs:read}; one's own
 * upstream identities nothing more than signing in, everyone's {@code identities:manage}; console users
 * {@code users:manage}. {@code docs/openapi.json} documents
 * every route here.
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
        ServerProbeResource probes = new ServerProbeResource(gatehouse.catalog(),
                new UpstreamProbe(gatehouse.upstream()), actions);
        GatewayServersResource publishing = new GatewayServersResource(gatehouse.catalog(), bodies, links, actions,
                new NameClashes(new OwnRequests(gatehouse.sessionUpstreams())));
        LogsResource logs = new LogsResource(gatehouse.audit(), gatehouse.connections(), actions, gatehouse.clock());
        AuditVerifyResource auditVerify = new AuditVerifyResource(AuditVerifier.of(gatehouse));
        BreakGlassResource breakGlass = new BreakGlassResource(gatehouse.connections(), gatehouse.identities(),
                gatehouse.upstreamRevocation(), bodies, actions);
        SettingsResource settingsResource = new SettingsResource(settings);
        MeResource me = new MeResource();
        OpenApiResource openApi = new OpenApiResource();
        var governance = gatehouse.governance();
        RulesResource rules = new RulesResource(governance, gatehouse.catalog(), bodies, actions);
        LimitsResource limits = new LimitsResource(governance.limits(), gatehouse.hosts(), bodies, actions);
        QuarantineResource quarantine = new QuarantineResource(governance.quarantineStore(), governance.quarantine(),
                gatehouse.catalog(), bodies, actions, gatehouse.clock());
        ApprovalsResource approvals = new ApprovalsResource(governance.approvals(), bodies, actions);
        OAuthGrantsResource grants = new OAuthGrantsResource(gatehouse.oauth(), actions);
        AuditSinksResource sinks = new AuditSinksResource(gatehouse.streaming(), bodies, actions);
        Access manageSettings = Access.of(Capability.SETTINGS_MANAGE);
        WaitingWork waiting = new WaitingWork(governance.approvals(), governance.quarantineStore());
        CallsResource calls = new CallsResource(gatehouse.calls());
        DashboardResource dashboard = new DashboardResource(gatehouse.statistics(), gatehouse.catalog(),
                gatehouse.circuits(), waiting, gatehouse.clock());
        IdentitiesResource identities = new IdentitiesResource(gatehouse.identities(), bodies, actions,
                gatehouse.upstreamRevocation(), gatehouse.upstreamOAuth(), gatehouse.catalog(), settings.publicBaseUrl());
        RetentionResource retention = new RetentionResource(gatehouse::retention, bodies, actions, gatehouse.clock());
        RetentionScheduleResource retentionSchedule = new RetentionScheduleResource(gatehouse.retentionSchedule(), bodies,
                actions);
        Access retain = Access.of(Capability.AUDIT_RETENTION);
        AlertsResource alerts = new AlertsResource(gatehouse.alerts(), bodies, actions, gatehouse.clock());
        ReportsResource reports = new ReportsResource(gatehouse.usage(), gatehouse.clock());
        UsersResource users = new UsersResource(gatehouse.consoleUsers(), settings.policy(), gatehouse.oauth(), bodies,
                actions, request -> settings.publicBaseUrl().orElseGet(request::origin) + request.contextPath());
        Access manageUsers = Access.of(Capability.USERS_MANAGE);
        OwnPasswordResource ownPassword = new OwnPasswordResource(gatehouse.consoleUsers(), gatehouse.signIns(), bodies,
                actions);
        Access manageRules = Access.of(Capability.RULES_MANAGE);
        Access approveCalls = Access.of(Capability.CALLS_APPROVE);
        Access read = Access.anyCapability();
        Access manageHosts = Access.of(Capability.HOSTS_MANAGE);
        Access issueTokens = Access.of(Capability.TOKENS_ISSUE);
        Access disableConnections = Access.of(Capability.CONNECTIONS_DISABLE);
        return new Router(List.of(
                Route.of("GET", "/me", Access.authenticated(), "me.read", me::get),
                Route.of("POST", "/me/password", Access.authenticated(), "me.password", ownPassword::change),
                Route.of("GET", "/openapi.json", Access.authenticated(), "openapi.read", openApi::get),
                Route.of("GET", "/hosts", read, "hosts.list", hosts::list),
                Route.of("POST", "/hosts", manageHosts, "host.create", hosts::create),
                Route.of("GET", "/hosts/{id}", read, "host.read", hosts::get),
                Route.of("DELETE", "/hosts/{id}", manageHosts, "host.delete", hosts::delete),
                Route.of("POST", "/hosts/{id}/disable", manageHosts, "host.disable", hosts::disable),
                Route.of("POST", "/hosts/{id}/enable", manageHosts, "host.enable", hosts::enable),
                Route.of("GET", "/hosts/{id}/connections", read, "connections.list", connections::listOfHost),
                Route.of("POST", "/hosts/{id}/connections", issueTokens, "connection.create", connections::create),
                Route.of("GET", "/connections", read, "connections.list", connections::list),
                Route.of("GET", "/connections/{id}", read, "connection.read", connections::get),
                Route.of("DELETE", "/connections/{id}", issueTokens, "connection.delete", connections::delete),
                Route.of("POST", "/connections/{id}/disable", disableConnections, "connection.disable",
                        connections::disable),
                Route.of("POST", "/connections/{id}/enable", disableConnections, "connection.enable",
                        connections::enable),
                Route.of("POST", "/connections/{id}/rotate", issueTokens, "connection.rotate", connections::rotate),
                Route.of("GET", "/connections/{id}/tokens", read, "connection.tokens", connections::tokens),
                Route.of("GET", "/gateways", read, "gateways.list", gateways::list),
                Route.of("POST", "/gateways", Access.of(Capability.GATEWAYS_MANAGE), "gateway.create", gateways::create),
                Route.of("GET", "/gateways/{slug}", read, "gateway.read", gateways::get),
                Route.of("PUT", "/gateways/{slug}/naming", Access.of(Capability.GATEWAYS_MANAGE), "gateway.naming",
                        publishing::naming),
                Route.of("PUT", "/gateways/{slug}/servers/{server}", Access.of(Capability.GATEWAYS_MANAGE),
                        "gateway.server.publish", publishing::publish),
                Route.of("DELETE", "/gateways/{slug}/servers/{server}", Access.of(Capability.GATEWAYS_MANAGE),
                        "gateway.server.withdraw", publishing::withdraw),
                Route.of("GET", "/servers", read, "servers.list", servers::list),
                Route.of("POST", "/servers", Access.of(Capability.SERVERS_MANAGE), "server.create", servers::create),
                Route.of("GET", "/servers/{id}", read, "server.read", servers::get),
                Route.of("PATCH", "/servers/{id}", Access.of(Capability.SERVERS_MANAGE), "server.update", servers::edit),
                Route.of("POST", "/servers/{id}/test", Access.of(Capability.SERVERS_MANAGE), "server.test",
                        probes::test),
                // a live session with the server: for who manages servers or picks a gateway's allow-list
                Route.of("GET", "/servers/{id}/tools", Access.oneOf(Capability.SERVERS_MANAGE, Capability.GATEWAYS_MANAGE),
                        "server.tools", probes::tools),
                // a user's own grants; everyone's with hosts:manage (decided in the resource)
                Route.of("GET", "/oauth/grants", Access.authenticated(), "oauth.grants.list", grants::list),
                Route.of("POST", "/oauth/grants/{id}/revoke", Access.authenticated(), "oauth.grant.revoke", grants::revoke),
                // a user's own upstream identities; everyone's with identities:manage (decided in the resource)
                Route.of("GET", "/identities", Access.authenticated(), "identities.list", identities::list),
                Route.of("POST", "/identities", Access.authenticated(), "identity.create", identities::create),
                Route.of("POST", "/identities/authorize", Access.authenticated(), "identity.authorize", identities::authorize),
                Route.of("GET", "/gateways/{slug}/sign-ins", Access.authenticated(), "gateway.sign-ins", identities::signIns),
                Route.of("PUT", "/servers/{id}/oauth-client", Access.of(Capability.SERVERS_MANAGE), "server.oauth-client",
                        identities::oauthClient),
                Route.of("GET", "/identities/{id}", Access.authenticated(), "identity.read", identities::get),
                Route.of("DELETE", "/identities/{id}", Access.authenticated(), "identity.delete", identities::delete),
                Route.of("POST", "/identities/{id}/disable", Access.authenticated(), "identity.disable", identities::disable),
                Route.of("POST", "/identities/{id}/enable", Access.authenticated(), "identity.enable", identities::enable),
                Route.of("GET", "/logs", Access.of(Capability.LOGS_READ), "logs.read", logs::list),
                Route.of("GET", "/logs/export", Access.of(Capability.LOGS_EXPORT), "logs.export", logs::export),
                Route.of("GET", "/calls", Access.of(Capability.LOGS_READ), "calls.read", calls::list),
                Route.of("GET", "/dashboard", Access.of(Capability.LOGS_READ), "dashboard.read", dashboard::get),
                // each count only for who may act on it (decided in WaitingWork)
                Route.of("GET", "/attention", Access.authenticated(), "attention.read", waiting::attention),
                Route.of("GET", "/audit/verify", Access.of(Capability.LOGS_READ), "audit.verify", auditVerify::verify),
                Route.of("GET", "/audit-sinks", manageSettings, "audit-sinks.list", sinks::list),
                Route.of("POST", "/audit-sinks", manageSettings, "audit-sink.create", sinks::create),
                Route.of("GET", "/audit-sinks/{id}", manageSettings, "audit-sink.read", sinks::get),
                Route.of("DELETE", "/audit-sinks/{id}", manageSettings, "audit-sink.delete", sinks::delete),
                Route.of("GET", "/alerts", manageSettings, "alerts.read", alerts::get),
                Route.of("PUT", "/alerts", manageSettings, "alerts.configure", alerts::put),
                Route.of("DELETE", "/alerts", manageSettings, "alerts.remove", alerts::delete),
                Route.of("POST", "/alerts/test", manageSettings, "alerts.test", alerts::test),
                Route.of("GET", "/reports/usage", Access.of(Capability.LOGS_READ), "reports.usage", reports::usage),
                Route.of("GET", "/retention/policies", retain, "retention.policies", retention::policies),
                Route.of("PUT", "/retention/policies/{slug}", retain, "retention.policy.set", retention::put),
                Route.of("DELETE", "/retention/policies/{slug}", retain, "retention.policy.remove", retention::remove),
                Route.of("POST", "/retention/run", retain, "retention.run", retention::run),
                Route.of("GET", "/retention/schedule", retain, "retention.schedule", retentionSchedule::get),
                Route.of("PUT", "/retention/schedule", retain, "retention.schedule.set", retentionSchedule::put),
                Route.of("DELETE", "/retention/schedule", retain, "retention.schedule.remove", retentionSchedule::delete),
                Route.of("GET", "/retention/archives", retain, "retention.archives", retention::archives),
                Route.of("GET", "/retention/archives/{id}/verify", retain, "retention.archive.verify", retention::verify),
                Route.of("GET", "/break-glass/token-issuers", manageHosts, "token-issuers.list", breakGlass::issuers),
                Route.of("POST", "/break-glass/revoke-user-tokens", manageHosts, "user-tokens.revoke",
                        breakGlass::revokeUserTokens),
                Route.of("GET", "/users", manageUsers, "users.list", users::list),
                Route.of("POST", "/users", manageUsers, "user.create", users::create),
                Route.of("GET", "/users/{name}", manageUsers, "user.read", users::get),
                Route.of("DELETE", "/users/{name}", manageUsers, "user.delete", users::delete),
                Route.of("PATCH", "/users/{name}", manageUsers, "user.edit", users::describe),
                Route.of("PUT", "/users/{name}/roles", manageUsers, "user.roles", users::grantRoles),
                Route.of("POST", "/users/{name}/disable", manageUsers, "user.disable", users::disable),
                Route.of("POST", "/users/{name}/enable", manageUsers, "user.enable", users::enable),
                Route.of("POST", "/users/{name}/reset-link", manageUsers, "user.reset-link", users::resetLink),
                Route.of("GET", "/settings", Access.of(Capability.SETTINGS_MANAGE), "settings.read",
                        settingsResource::get),
                Route.of("GET", "/gateways/{slug}/rules", read, "rules.list", rules::list),
                Route.of("POST", "/gateways/{slug}/rules", manageRules, "rule.create", rules::create),
                Route.of("POST", "/gateways/{slug}/rules/try", manageRules, "rule.try", rules::trial),
                Route.of("GET", "/rules/{id}", read, "rule.read", rules::get),
                Route.of("PUT", "/rules/{id}", manageRules, "rule.replace", rules::replace),
                Route.of("DELETE", "/rules/{id}", manageRules, "rule.delete", rules::delete),
                Route.of("GET", "/limits", read, "limits.list", limits::list),
                Route.of("POST", "/limits", manageRules, "limit.create", limits::create),
                Route.of("GET", "/limits/{id}", read, "limit.read", limits::get),
                Route.of("PUT", "/limits/{id}", manageRules, "limit.update", limits::update),
                Route.of("DELETE", "/limits/{id}", manageRules, "limit.delete", limits::delete),
                Route.of("GET", "/quarantine", read, "quarantine.list", quarantine::overview),
                Route.of("GET", "/servers/{id}/quarantine", read, "quarantine.read", quarantine::status),
                Route.of("POST", "/servers/{id}/quarantine", manageRules, "quarantine.enable", quarantine::enable),
                Route.of("DELETE", "/servers/{id}/quarantine", manageRules, "quarantine.disable", quarantine::disable),
                Route.of("GET", "/servers/{id}/quarantine/tools", read, "quarantine.tools", quarantine::tools),
                Route.of("POST", "/servers/{id}/quarantine/tools/{tool}/approve", manageRules, "quarantine.approve",
                        quarantine::approve),
                Route.of("GET", "/approvals", approveCalls, "approvals.list", approvals::list),
                Route.of("GET", "/approvals/{id}", approveCalls, "approval.read", approvals::get),
                Route.of("POST", "/approvals/{id}/approve", approveCalls, "call.approve", approvals::approve),
                Route.of("POST", "/approvals/{id}/deny", approveCalls, "call.deny", approvals::deny)));
    }
}

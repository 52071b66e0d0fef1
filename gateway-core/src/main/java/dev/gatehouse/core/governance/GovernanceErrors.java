package dev.gatehouse.core.governance;

import dev.gatehouse.core.jsonrpc.JsonRpcError;

import java.time.Duration;

/**
 * The JSON-RPC errors of governance, in Gatehouse's implementation-defined range (-32099 to -32000):
 * a rule blocked the call, a rate limit was exceeded, the tool is quarantined, an approval was denied
 * or timed out; and the cancellation of a held call that was withdrawn. Messages name the rule or limit, never what it matched.
 */
public final class GovernanceErrors {
    /** A gateway rule blocked the call (on a request hook the upstream was never called). */
    public static final int RULE_BLOCKED = -32050;
    /** A rate limit of the connection or host was exceeded; retry after the time given. */
    public static final int RATE_LIMITED = -32051;
    /** The tool's definition changed since an admin approved it; it is blocked until reviewed. */
    public static final int TOOL_QUARANTINED = -32052;
    /** The call needed an admin's approval and was denied, or not approved in time. */
    public static final int APPROVAL_DENIED = -32053;

    private static final int MAX_REASON = 200;

    private GovernanceErrors() {
    }

    public static JsonRpcError ruleBlocked(String ruleName, String reason) {
        String why = reason == null || reason.isBlank() ? "" : ": " + clip(reason);
        return new JsonRpcError(RULE_BLOCKED, "Blocked by rule '" + ruleName + "'" + why);
    }

    public static JsonRpcError rateLimited(String limitName, Duration retryAfter) {
        return new JsonRpcError(RATE_LIMITED, "Rate limit '" + limitName + "' exceeded; retry after "
                + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
    }

    public static JsonRpcError quarantined(String tool) {
        return new JsonRpcError(TOOL_QUARANTINED, "Tool '" + tool + "' is quarantined: its definition changed and"
                + " awaits an administrator's review");
    }

    public static JsonRpcError approvalDenied(String ruleName, boolean timedOut) {
        return new JsonRpcError(APPROVAL_DENIED, timedOut
                ? "Not approved in time (rule '" + ruleName + "')"
                : "Denied by an administrator (rule '" + ruleName + "')");
    }

    /**
     * A held call nobody decided on was withdrawn ({@code why}: its client went away, the node stopped):
     * JSON-RPC -32800, request cancelled, so neither the client nor the audit record says it was denied.
     */
    public static JsonRpcError approvalWithdrawn(String ruleName, String why) {
        return new JsonRpcError(JsonRpcError.REQUEST_CANCELLED,
                new dev.gatehouse.core.approval.Verdict.Withdrawn(why).message(ruleName));
    }

    private static String clip(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < MAX_REASON; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }
}

package dev.gatehouse.admin.http;

import dev.gatehouse.admin.security.Caller;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;
import java.util.Objects;

/**
 * One admin API request as handlers see it: who is calling, the captured path segments, and the few
 * request facts handlers need. Keeps the servlet API out of the resource classes' logic.
 */
public final class ApiRequest {
    private final HttpServletRequest request;
    private final Caller caller;
    private final Map<String, String> params;

    public ApiRequest(HttpServletRequest request, Caller caller, Map<String, String> params) {
        this.request = request;
        this.caller = caller;
        this.params = Map.copyOf(params);
    }

    public Caller caller() {
        return caller;
    }

    /** The authenticated user name: recorded as the actor of every change. */
    public String user() {
        return caller.user();
    }

    /** A captured path segment, such as {@code id} of {@code /hosts/{id}}. */
    public String param(String name) {
        return Objects.requireNonNull(params.get(name), () -> "no path parameter '" + name + "'");
    }

    public HttpServletRequest servletRequest() {
        return request;
    }

    public Result<QueryString> query() {
        return QueryString.parse(request.getQueryString());
    }

    /** The web application's context path, so {@code Location} headers work wherever the WAR is deployed. */
    public String contextPath() {
        return request.getContextPath();
    }

    public String clientAddress() {
        return request.getRemoteAddr();
    }

    public String userAgent() {
        return request.getHeader("User-Agent");
    }

    /** {@code scheme://host[:port]} as this request reached the server (default ports left out). */
    public String origin() {
        return originOf(request);
    }

    /** The scheme, host and port a client reached {@code request} at, as a URL's origin. */
    public static String originOf(HttpServletRequest request) {
        String scheme = request.getScheme();
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal in a URL is bracketed (RFC 3986 section 3.2.2)
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}

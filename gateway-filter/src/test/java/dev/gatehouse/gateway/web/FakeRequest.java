package dev.gatehouse.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough of an HttpServletRequest for unit tests of the collaborators: headers, URI, query, server. */
public final class FakeRequest {
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private String uri = "/gatehouse/mcp/quickstart";
    private String query;
    private String scheme = "http";
    private String serverName = "gw.example";
    private int port = 8080;
    private String localAddr = "192.0.2.2";

    public FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(), k -> new ArrayList<>()).add(value);
        return this;
    }

    public FakeRequest uri(String value) {
        uri = value;
        return this;
    }

    public FakeRequest query(String value) {
        query = value;
        return this;
    }

    public FakeRequest server(String newScheme, String name, int newPort) {
        scheme = newScheme;
        serverName = name;
        port = newPort;
        return this;
    }

    /** The address the request arrived on (the server's side of the connection). */
    public FakeRequest local(String address) {
        localAddr = address;
        return this;
    }

    public HttpServletRequest build() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault(((String) args[0]).toLowerCase(), List.of()));
                    case "getHeader" -> headers.getOrDefault(((String) args[0]).toLowerCase(), List.of()).stream().findFirst().orElse(null);
                    case "getQueryString" -> query;
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "/gatehouse";
                    case "getScheme" -> scheme;
                    case "getServerName" -> serverName;
                    case "getServerPort" -> port;
                    case "getRemoteAddr" -> "192.0.2.1";
                    case "getLocalAddr" -> localAddr;
                    case "getContentType" -> headers.getOrDefault("content-type", List.of()).stream().findFirst().orElse(null);
                    case "toString" -> "FakeRequest[" + uri + "]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

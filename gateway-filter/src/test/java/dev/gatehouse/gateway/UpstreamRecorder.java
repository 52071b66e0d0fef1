package dev.gatehouse.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Sits in front of a test upstream and records every request it receives: method, headers, body. */
final class UpstreamRecorder extends HttpFilter {
    /** One request as the upstream saw it; header names lower case. */
    record Seen(String method, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    long count(String bodyFragment) {
        return seen.stream().filter(s -> s.body().contains(bodyFragment)).count();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byte[] body = request.getInputStream().readAllBytes();
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), Collections.list(request.getHeaders(name)));
        }
        seen.add(new Seen(request.getMethod(), headers, new String(body, StandardCharsets.UTF_8)));
        chain.doFilter(new ReplayedBody(request, body), response);
    }
}

package dev.gatehouse.admin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * A document the browser navigates to (the console's {@code index.html}, the sign-in page): always sent
 * whole. The request loses its conditional headers, so no container answers 304, and the response loses
 * the validators a container's default servlet adds, so a browser has nothing to revalidate with
 * (RFC 9110 section 13.1, RFC 9111 section 5.2.2.5 {@code no-store}). Which document a URL shows depends
 * on the session (sign-in page before the login, console after), so a cached copy is always suspect.
 */
final class EntryDocument {
    /** RFC 9110 section 13.1: the preconditions a cache or browser adds to revalidate. */
    private static final Set<String> CONDITIONS = Set.of("if-none-match", "if-modified-since", "if-match",
            "if-unmodified-since", "if-range");
    /** RFC 9110 section 8.8: what a response offers for later revalidation. */
    private static final Set<String> VALIDATORS = Set.of("etag", "last-modified");

    private EntryDocument() {
    }

    static HttpServletRequest unconditional(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return isCondition(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return isCondition(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }

            @Override
            public long getDateHeader(String name) {
                return isCondition(name) ? -1 : super.getDateHeader(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                        .filter(n -> !isCondition(n)).toList());
            }
        };
    }

    static HttpServletResponse withoutValidators(HttpServletResponse response) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!isValidator(name)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!isValidator(name)) {
                    super.addHeader(name, value);
                }
            }

            @Override
            public void setDateHeader(String name, long date) {
                if (!isValidator(name)) {
                    super.setDateHeader(name, date);
                }
            }

            @Override
            public void addDateHeader(String name, long date) {
                if (!isValidator(name)) {
                    super.addDateHeader(name, date);
                }
            }
        };
    }

    private static boolean isCondition(String name) {
        return name != null && CONDITIONS.contains(name.toLowerCase(Locale.ROOT));
    }

    private static boolean isValidator(String name) {
        return name != null && VALIDATORS.contains(name.toLowerCase(Locale.ROOT));
    }
}

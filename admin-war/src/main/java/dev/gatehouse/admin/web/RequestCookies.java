package dev.gatehouse.admin.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/** Reading one cookie of a request: the binding cookies of the sign-in callbacks (upstream sign-in, single sign-on). */
public final class RequestCookies {
    private RequestCookies() {
    }

    /** The value of the first cookie named {@code name}, or null. */
    public static String value(HttpServletRequest request, String name) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}

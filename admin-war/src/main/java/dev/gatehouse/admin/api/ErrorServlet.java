package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.ProblemResponder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The error page of the web application: errors the container raises itself (401 from BASIC
 * authentication, 400 for an unparseable request, an uncaught exception) become problem+json with a
 * generic detail, never the container's HTML page or an exception message. Headers already set, such as
 * {@code WWW-Authenticate}, are kept.
 */
public final class ErrorServlet extends HttpServlet {
    private final transient ProblemResponder problems = new ProblemResponder();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!response.isCommitted()) {
            // Jetty 12.0 raises the BASIC challenge before the servlet layer has reopened the output of
            // a kept-alive connection, so the stream would still be closed; resetting the buffer reopens it
            response.resetBuffer();
        }
        problems.write(Problem.ofStatus(status(request, response)), response);
    }

    /**
     * The error's status: the servlet attribute when the container sets it, else the status already
     * on the response (as after a container's own authentication challenge). Requested directly rather
     * than as an error page, there is nothing here: 404.
     */
    private static int status(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            return code;
        }
        return response.getStatus() >= 400 ? response.getStatus() : 404;
    }
}

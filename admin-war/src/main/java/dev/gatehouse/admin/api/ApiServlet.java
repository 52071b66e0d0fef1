package dev.gatehouse.admin.api;

import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.UnreadBody;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The servlet behind {@code /api/*}: hands every method to {@link AdminApi} and writes its reply.
 * It overrides {@code service} so that unknown methods get the API's own 405 problem rather than the
 * container's page.
 */
public final class ApiServlet extends HttpServlet {
    private transient AdminApi api;

    @Override
    public void init() throws ServletException {
        api = (AdminApi) getServletContext().getAttribute(AdminApi.ATTRIBUTE);
        if (api == null) {
            throw new ServletException("the admin API was not wired: is AdminBootstrap declared as a listener?");
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Reply reply = api.handle(request);
        if (reply instanceof Problem) {
            UnreadBody.closeAfter(request, response); // refused, perhaps before its body was read
        }
        api.writer().write(reply, response);
    }
}

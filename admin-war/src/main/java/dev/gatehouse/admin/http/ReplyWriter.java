package dev.gatehouse.admin.http;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Turns a {@link Reply} into the HTTP response; problems go through the {@link ProblemResponder}. */
public final class ReplyWriter {
    public static final String JSON = "application/json";

    private final ProblemResponder problems;

    public ReplyWriter(ProblemResponder problems) {
        this.problems = problems;
    }

    public void write(Reply reply, HttpServletResponse response) throws IOException {
        if (reply instanceof Problem p) {
            problems.write(p, response);
        } else if (reply instanceof Reply.Json json) {
            // serialised before the status is set, so a serialisation failure can still become a problem
            byte[] bytes = Json.mapper().writeValueAsBytes(json.body());
            start(json, response);
            response.setContentType(JSON);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } else if (reply instanceof Reply.Bytes bytes) {
            start(bytes, response);
            response.setContentType(bytes.mediaType());
            response.setContentLength(bytes.body().length);
            response.getOutputStream().write(bytes.body());
        } else if (reply instanceof Reply.Download download) {
            start(download, response);
            response.setContentType(download.mediaType());
            download.body().writeTo(response.getOutputStream());
        } else {
            start(reply, response);
        }
    }

    private static void start(Reply reply, HttpServletResponse response) {
        response.setStatus(reply.status());
        reply.headers().forEach(response::setHeader);
        ResponseHeaders.apply(response);
    }
}

package dev.gatehouse.core.model;

import java.util.Objects;

/** A connection together with its freshly issued token: the one moment the plain token exists. */
public record IssuedConnection(Connection connection, String token) {
    public IssuedConnection {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "IssuedConnection[" + connection.id() + "]";
    }
}

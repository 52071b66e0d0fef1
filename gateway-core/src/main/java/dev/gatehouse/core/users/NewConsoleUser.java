package dev.gatehouse.core.users;

import java.util.List;

/** What an admin asks for when adding a user; without a password the user is invited by a one-time link. */
public record NewConsoleUser(String name, String displayName, String email, List<String> roles, String password) {
    public NewConsoleUser {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public String toString() {
        return "NewConsoleUser[name=" + name + ", roles=" + roles + "]"; // never the password
    }
}

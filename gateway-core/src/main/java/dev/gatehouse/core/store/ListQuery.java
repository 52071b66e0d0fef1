package dev.gatehouse.core.store;

/**
 * A page of an admin list as asked for: free {@code text} matched case-insensitively anywhere in the list's
 * visible fields (null: everything), the wire name of the field to {@code sort} by (null: the list's usual
 * order), the direction, and the window. Applied in the database, so a list of a million rows costs one page.
 */
public record ListQuery(String text, String sort, boolean descending, int limit, int offset) {
    public ListQuery {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be positive and offset not negative");
        }
    }
}

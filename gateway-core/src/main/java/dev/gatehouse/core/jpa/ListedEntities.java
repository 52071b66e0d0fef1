package dev.gatehouse.core.jpa;

import dev.gatehouse.core.store.ListQuery;
import dev.gatehouse.core.store.Page;
import dev.gatehouse.core.text.SearchText;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How an entity list is searched, sorted and paged in one JPQL query (and one count): which attributes free
 * text searches, which wire sort names map to which attribute, and the usual order. Attribute names come only
 * from this definition, never from the request, so the query text is fixed per list.
 *
 * @param entity    the entity name in JPQL
 * @param live      the condition every listed row meets (over alias {@code e}), such as not deleted
 * @param searched  the attributes free text is matched in
 * @param sortable  wire sort name to the expression ordered by, such as {@code lower(e.name)}
 * @param usual     the order when none is asked for, such as {@code e.createdAt, e.id}
 */
record ListedEntities(String entity, String live, List<String> searched, Map<String, String> sortable, String usual) {
    ListedEntities {
        searched = List.copyOf(searched);
        sortable = Map.copyOf(sortable);
    }

    <E> Page<E> page(EntityManager em, Class<E> type, ListQuery query, Map<String, Object> parameters) {
        String where = " from " + entity + " e where " + live + (query.text() == null ? "" : " and ("
                + searched.stream().map(a -> "lower(e." + a + ") like :text escape '\\'")
                .collect(Collectors.joining(" or ")) + ")");
        String order = query.sort() == null ? usual : expression(query.sort())
                + (query.descending() ? " desc" : " asc") + ", e.id" + (query.descending() ? " desc" : " asc");
        TypedQuery<E> rows = em.createQuery("select e" + where + " order by " + order, type);
        TypedQuery<Long> count = em.createQuery("select count(e)" + where, Long.class);
        parameters.forEach((name, value) -> {
            rows.setParameter(name, value);
            count.setParameter(name, value);
        });
        if (query.text() != null) {
            rows.setParameter("text", SearchText.likePattern(query.text()));
            count.setParameter("text", SearchText.likePattern(query.text()));
        }
        List<E> items = rows.setFirstResult(query.offset()).setMaxResults(query.limit()).getResultList();
        return new Page<>(items, count.getSingleResult());
    }

    private String expression(String sort) {
        String expression = sortable.get(sort);
        if (expression == null) {
            throw new IllegalArgumentException("cannot sort by " + sort);
        }
        return expression;
    }
}

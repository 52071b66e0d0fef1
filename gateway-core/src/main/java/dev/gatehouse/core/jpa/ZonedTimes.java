package dev.gatehouse.core.jpa;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.sessions.Session;

import java.sql.Types;
import java.time.Instant;

/**
 * Declares every column that holds an {@link Instant} as {@code TIMESTAMP WITH TIME ZONE} to EclipseLink. The
 * {@link InstantConverter} hands values through as they are, so EclipseLink cannot tell the column's type by
 * itself and would bind a null as text, which PostgreSQL refuses for a time column.
 */
final class ZonedTimes implements SessionCustomizer {
    @Override
    public void customize(Session session) {
        for (ClassDescriptor descriptor : session.getDescriptors().values()) {
            for (DatabaseMapping mapping : descriptor.getMappings()) {
                if (mapping.isDirectToFieldMapping() && mapping.getField() != null
                        && holdsInstant(descriptor.getJavaClass(), mapping.getAttributeName())) {
                    mapping.getField().setSqlType(Types.TIMESTAMP_WITH_TIMEZONE);
                }
            }
        }
    }

    private static boolean holdsInstant(Class<?> entity, String attribute) {
        for (Class<?> c = entity; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(attribute).getType() == Instant.class;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        return false;
    }
}

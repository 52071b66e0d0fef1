package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;

import javax.sql.DataSource;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Opens the persistence unit without a container: the embedded launcher and tests call this with a
 * JDBC URL. Inside an application server the same entities are deployed from {@code persistence.xml}
 * as a JTA unit instead. The schema belongs to the versioned migrations, never to EclipseLink. The shared (second-level) cache is off in both, so every node reads what any
 * node committed: revocation must never wait for a cache to expire.
 */
public final class GatehousePersistence {
    public static final String UNIT_NAME = "gatehouse";

    /** Every entity of the unit; listed, never scanned. */
    public static final List<Class<?>> ENTITY_CLASSES = List.of(
            UpstreamServerEntity.class, GatewayEntity.class, GatewayServerEntity.class, HostEntity.class,
            ConnectionEntity.class, ApiTokenEntity.class, AuditEventEntity.class, McpSessionEntity.class,
            McpUpstreamSessionEntity.class, RuleEntity.class, RateLimitEntity.class, RateLeaseEntity.class,
            QuarantinedServerEntity.class, ToolApprovalEntity.class, PendingApprovalEntity.class,
            OAuthClientEntity.class, OAuthGrantEntity.class, OAuthCodeEntity.class, OAuthTokenEntity.class,
            AuditSinkEntity.class, AuditSinkCursorEntity.class,
            UpstreamIdentityEntity.class, UpstreamOAuthClientEntity.class, UpstreamAuthorizationEntity.class,
            RetentionPolicyEntity.class, AuditArchiveEntity.class, AuditArchiveRunEntity.class, AlertConfigEntity.class,
            ConsoleUserEntity.class, ConsoleUserLinkEntity.class, ConsoleUserSubjectEntity.class, RetentionScheduleEntity.class, InstantConverter.class);

    /**
     * The entities of schema version 1, which the builds before migrations created themselves; entities
     * added by later migrations are left out when such a database is adopted, or their migration would
     * find its tables already there.
     */
    static final List<Class<?>> VERSION_1_ENTITY_CLASSES = ENTITY_CLASSES.stream()
            .filter(c -> !c.getSimpleName().startsWith("OAuth") && !c.getSimpleName().startsWith("AuditSink")
                    && !c.getSimpleName().startsWith("UpstreamIdentity") && !c.getSimpleName().startsWith("UpstreamOAuth")
                    && !c.getSimpleName().startsWith("UpstreamAuthorization")
                    && !c.getSimpleName().startsWith("AuditArchive") && !c.getSimpleName().startsWith("Retention")
                    && !c.getSimpleName().startsWith("AlertConfig")
                    && !c.getSimpleName().startsWith("ConsoleUser"))
            .toList();
    /** The EclipseLink session name of units over {@link #VERSION_1_ENTITY_CLASSES}, kept apart from the full unit's. */
    static final String VERSION_1_SESSION = UNIT_NAME + "-version-1";

    private GatehousePersistence() {
    }

    /** A RESOURCE_LOCAL unit over the given JDBC database, after bringing its schema up to date ({@link SchemaMigrations}). */
    public static EntityManagerFactory open(String jdbcUrl, String user, String password) {
        SchemaMigrations.migrate(jdbcUrl, user, password);
        Map<String, Object> props = new HashMap<>();
        props.put("jakarta.persistence.jdbc.url", jdbcUrl);
        props.put("jakarta.persistence.jdbc.user", user);
        props.put("jakarta.persistence.jdbc.password", password == null ? "" : password);
        props.put("eclipselink.cache.shared.default", "false");
        props.put("eclipselink.logging.level", "WARNING");
        props.put("eclipselink.logging.logger", "JavaLogger");
        props.put("eclipselink.connection-pool.default.initial", "2");
        // min = max: EclipseLink closes a released connection while more than 'min' are open, so a lower min
        // makes every request beyond the second concurrent one open (and parse the URL settings of) a new
        // JDBC connection; connections opened under load now stay pooled
        props.put("eclipselink.connection-pool.default.min", "32");
        props.put("eclipselink.connection-pool.default.max", "32");
        props.put("eclipselink.jdbc.batch-writing", "JDBC");
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.session.customizer", SessionSetup.class.getName());
        return new org.eclipse.persistence.jpa.PersistenceProvider()
                .createContainerEntityManagerFactory(unitInfo(), props);
    }

    /**
     * Brings a database made by the builds before migrations up to the entities, the way those builds did
     * at every start (EclipseLink's create-or-extend DDL generation), so that it is exactly version 1
     * before {@link SchemaMigrations} adopts it: an older data folder may lack columns added since.
     */
    static void extendAsBeforeMigrations(String jdbcUrl, String user, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put("jakarta.persistence.jdbc.url", jdbcUrl);
        props.put("jakarta.persistence.jdbc.user", user);
        props.put("jakarta.persistence.jdbc.password", password == null ? "" : password);
        props.put("eclipselink.ddl-generation", "create-or-extend-tables");
        props.put("eclipselink.ddl-generation.output-mode", "database");
        props.put("eclipselink.logging.level", "OFF"); // it re-issues constraints that exist, harmlessly
        // a session of its own: EclipseLink caches a unit's set-up by name, and this one maps fewer entities
        props.put("eclipselink.session-name", VERSION_1_SESSION);
        props.put("eclipselink.weaving", "false");
        EntityManagerFactory emf = new org.eclipse.persistence.jpa.PersistenceProvider()
                .createContainerEntityManagerFactory(unitInfo(VERSION_1_ENTITY_CLASSES), props);
        try {
            emf.createEntityManager().close(); // deploying the unit runs the generation
        } finally {
            emf.close();
        }
    }

    /** The unit's description, for tests that open it with other properties. */
    static PersistenceUnitInfo unitInfo() {
        return new UnitInfo(ENTITY_CLASSES);
    }

    /** The unit's description over only some of its entities (as an older schema version had them). */
    static PersistenceUnitInfo unitInfo(List<Class<?>> entities) {
        return new UnitInfo(entities);
    }

    /** The unit described in code, so the embedded default needs no XML and no classpath scanning. */
    private static final class UnitInfo implements PersistenceUnitInfo {
        private final List<Class<?>> entities;

        UnitInfo(List<Class<?>> entities) {
            this.entities = entities;
        }

        @Override public String getPersistenceUnitName() { return UNIT_NAME; }
        @Override public String getPersistenceProviderClassName() { return "org.eclipse.persistence.jpa.PersistenceProvider"; }
        @Override public PersistenceUnitTransactionType getTransactionType() { return PersistenceUnitTransactionType.RESOURCE_LOCAL; }
        @Override public DataSource getJtaDataSource() { return null; }
        @Override public DataSource getNonJtaDataSource() { return null; }
        @Override public List<String> getMappingFileNames() { return List.of(); }
        @Override public List<URL> getJarFileUrls() { return List.of(); }
        @Override public URL getPersistenceUnitRootUrl() { return GatehousePersistence.class.getProtectionDomain().getCodeSource().getLocation(); }
        @Override public List<String> getManagedClassNames() { return entities.stream().map(Class::getName).toList(); }
        @Override public boolean excludeUnlistedClasses() { return true; }
        @Override public SharedCacheMode getSharedCacheMode() { return SharedCacheMode.NONE; }
        @Override public ValidationMode getValidationMode() { return ValidationMode.NONE; }
        @Override public Properties getProperties() { return new Properties(); }
        @Override public String getPersistenceXMLSchemaVersion() { return "3.0"; }
        @Override public ClassLoader getClassLoader() { return GatehousePersistence.class.getClassLoader(); }
        @Override public void addTransformer(ClassTransformer transformer) { }
        @Override public ClassLoader getNewTempClassLoader() { return GatehousePersistence.class.getClassLoader(); }
    }
}

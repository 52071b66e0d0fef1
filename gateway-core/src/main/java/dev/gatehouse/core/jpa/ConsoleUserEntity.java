package dev.gatehouse.core.jpa;

import dev.gatehouse.core.users.ConsoleUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A row of {@code gh_console_user}: a console user managed in Gatehouse. Roles are stored comma-separated. */
@Entity
@Table(name = "gh_console_user")
@NamedQuery(name = "ConsoleUser.all", query = "SELECT u FROM ConsoleUserEntity u ORDER BY u.name")
@NamedQuery(name = "ConsoleUser.byKey", query = "SELECT u FROM ConsoleUserEntity u WHERE LOWER(u.name) = :key"
        + " ORDER BY u.createdAt, u.name")
public class ConsoleUserEntity {
    @Id
    @Column(name = "name", length = 100)
    private String name;
    @Column(name = "display_name", length = 200)
    private String displayName;
    @Column(name = "email", length = 320)
    private String email;
    @Column(name = "roles", nullable = false, length = 2000)
    private String roles;
    @Enumerated(EnumType.STRING)
    @Column(name = "source", nullable = false, length = 16)
    private ConsoleUser.Source source;
    @Column(name = "password_hash", length = 200)
    private String passwordHash;
    @Column(name = "created_by", length = 200)
    private String createdBy;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "disabled_at")
    private Instant disabledAt;
    @Column(name = "disabled_by", length = 200)
    private String disabledBy;
    @Column(name = "last_sign_in_at")
    private Instant lastSignInAt;

    protected ConsoleUserEntity() {
    }

    public ConsoleUserEntity(String name, String displayName, String email, List<String> roles, ConsoleUser.Source source,
                             String passwordHash, String createdBy, Instant createdAt) {
        this.name = name;
        this.displayName = displayName;
        this.email = email;
        this.roles = String.join(",", roles);
        this.source = source;
        this.passwordHash = passwordHash;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    public ConsoleUser.Source source() {
        return source;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public List<String> roles() {
        return roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
    }

    public boolean disabled() {
        return disabledAt != null;
    }

    public void grantRoles(List<String> newRoles) {
        this.roles = String.join(",", newRoles);
    }

    /** Profile fields a single sign-on refreshes at each sign-in. */
    public void describe(String newDisplayName, String newEmail) {
        this.displayName = newDisplayName;
        this.email = newEmail;
    }

    public void disable(Instant at, String by) {
        this.disabledAt = at;
        this.disabledBy = by;
    }

    public void enable() {
        this.disabledAt = null;
        this.disabledBy = null;
    }

    public void setPasswordHash(String hash) {
        this.passwordHash = hash;
    }

    public void signedIn(Instant at) {
        this.lastSignInAt = at;
    }

    public ConsoleUser toRecord() {
        return new ConsoleUser(name, displayName, email, roles(), source, passwordHash != null, createdBy, createdAt,
                disabledAt, disabledBy, lastSignInAt);
    }
}

package dev.gatehouse.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code gh_console_user_subject}: the identity-provider account a single sign-on user is bound to. */
@Entity
@Table(name = "gh_console_user_subject")
@NamedQuery(name = "ConsoleUserSubject.ofUser", query = "SELECT s FROM ConsoleUserSubjectEntity s"
        + " WHERE s.issuer = :issuer AND s.userKey = :user")
@NamedQuery(name = "ConsoleUserSubject.forgetUser", query = "DELETE FROM ConsoleUserSubjectEntity s WHERE s.userKey = :user")
public class ConsoleUserSubjectEntity {
    @Id
    @Column(name = "subject_key", length = 64)
    private String subjectKey;
    @Column(name = "issuer", nullable = false, length = 500)
    private String issuer;
    @Column(name = "subject", nullable = false, length = 255)
    private String subject;
    @Column(name = "user_name", nullable = false, length = 100)
    private String userName;
    @Column(name = "user_key", nullable = false, length = 100)
    private String userKey;
    @Column(name = "bound_at", nullable = false)
    private Instant boundAt;

    protected ConsoleUserSubjectEntity() {
    }

    public ConsoleUserSubjectEntity(String subjectKey, String issuer, String subject, String userName, Instant boundAt) {
        this.subjectKey = subjectKey;
        this.issuer = issuer;
        this.subject = subject;
        this.userName = userName;
        this.userKey = userName.toLowerCase(java.util.Locale.ROOT);
        this.boundAt = boundAt;
    }

    public String userName() {
        return userName;
    }

    public String subject() {
        return subject;
    }
}

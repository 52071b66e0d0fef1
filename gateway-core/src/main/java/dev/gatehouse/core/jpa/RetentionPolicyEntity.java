package dev.gatehouse.core.jpa;

import dev.gatehouse.core.retention.RetentionPolicy;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code gh_retention_policy}: how long one gateway's audit records are kept ({@code *}: the rest). */
@Entity
@Table(name = "gh_retention_policy")
@NamedQuery(name = "RetentionPolicy.all", query = "select p from RetentionPolicyEntity p order by p.gateway")
public class RetentionPolicyEntity {
    @Id
    @Column(name = "gateway", length = 64)
    private String gateway;
    @Column(name = "max_age_days")
    private Integer maxAgeDays;
    @Column(name = "max_records")
    private Long maxRecords;
    @Column(name = "updated_by", length = 200)
    private String updatedBy;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RetentionPolicyEntity() {
    }

    public RetentionPolicyEntity(RetentionPolicy p) {
        this.gateway = p.gateway();
        replace(p);
    }

    /** Takes the policy's limits and who set them. */
    public void replace(RetentionPolicy p) {
        this.maxAgeDays = p.maxAgeDays();
        this.maxRecords = p.maxRecords();
        this.updatedBy = p.updatedBy();
        this.updatedAt = p.updatedAt();
    }

    public RetentionPolicy toRecord() {
        return new RetentionPolicy(gateway, maxAgeDays, maxRecords, updatedBy, updatedAt);
    }
}

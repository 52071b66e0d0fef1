package dev.gatehouse.core.jpa;

import dev.gatehouse.core.alert.AlertConfig;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The one row of {@code gh_alert_config}: where alerts go (webhook, e-mail) and when spikes alert. The secret stays sealed. */
@Entity
@Table(name = "gh_alert_config")
public class AlertConfigEntity {
    public static final String ID = "alerts";

    @Id
    @Column(name = "id", length = 16)
    private String id;
    @Column(name = "webhook_url", length = 2000)
    private String webhookUrl;
    /** The addresses, comma separated (V26). */
    @Column(name = "email_to", length = 2000)
    private String emailTo;
    @Column(name = "sealed_secret", length = 4000)
    private String sealedSecret;
    @Column(name = "error_rate_percent", nullable = false)
    private Integer errorRatePercent;
    @Column(name = "min_calls", nullable = false)
    private Integer minCalls;
    @Column(name = "refusals_per_minute", nullable = false)
    private Integer refusalsPerMinute;
    @Column(name = "updated_by", length = 200)
    private String updatedBy;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected AlertConfigEntity() {
    }

    public AlertConfigEntity(AlertConfig c, String sealedSecret) {
        this.id = ID;
        replace(c, sealedSecret);
    }

    /** Takes another configuration. */
    public void replace(AlertConfig c, String sealed) {
        this.webhookUrl = c.webhookUrl();
        this.emailTo = c.emailTo().isEmpty() ? null : String.join(",", c.emailTo());
        this.sealedSecret = sealed;
        this.errorRatePercent = c.errorRatePercent();
        this.minCalls = c.minCalls();
        this.refusalsPerMinute = c.refusalsPerMinute();
        this.updatedBy = c.updatedBy();
        this.updatedAt = c.updatedAt();
    }

    public String sealedSecret() {
        return sealedSecret;
    }

    public AlertConfig toRecord() {
        return new AlertConfig(webhookUrl, sealedSecret != null,
                emailTo == null ? java.util.List.of() : java.util.List.of(emailTo.split(",")), errorRatePercent, minCalls, refusalsPerMinute, updatedBy,
                updatedAt);
    }
}

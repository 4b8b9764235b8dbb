package com.kaa.reports.execution.executions;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** A report's visibility and owner, as report-definition-service last published them (ReportVisibility). */
@Entity
@Table(name = "report_access")
public class ReportAccess extends PanacheEntityBase {

    /**
     * The condition on an execution {@code e} for a caller: admins read every execution of their organization, others
     * none of another user's private report. Parameters {@code :admin} and {@code :user} ({@link #callerParameters}).
     */
    static final String READABLE_BY_CALLER = "(:admin = true or not exists (select 1 from ReportAccess a where a.reportId = e.reportId"
            + " and a.visibility = 'private' and (a.owner is null or a.owner <> :user)))";

    /** The named parameters of {@link #READABLE_BY_CALLER}, with the caller's organization as {@code :org}. */
    static java.util.Map<String, Object> callerParameters(com.kaa.reports.platform.tenant.TenantContext.Identity caller) {
        return new java.util.HashMap<>(java.util.Map.of("org", caller.organization(), "admin", caller.roles().contains("admin"),
                "user", caller.user()));
    }

    @Id
    @Column(name = "report_id")
    public UUID reportId;

    public String organization;

    public String owner;

    public String visibility;

    @Column(name = "definition_version")
    public long definitionVersion;
}

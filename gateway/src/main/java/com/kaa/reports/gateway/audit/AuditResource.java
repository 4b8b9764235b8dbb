package com.kaa.reports.gateway.audit;

import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.platform.paging.SqlPage;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The audit trail of the caller's organization, for its admins (the gateway's policy allows only admin here). */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Mutations, downloads and refusals, as the gateway saw them")
public class AuditResource {

    public record AuditEntry(UUID id, OffsetDateTime occurredAt, String user, String roles, String action, String method,
                             String resource, int outcome, String requestId, String clientIp, String userAgent) {
    }

    public record AuditPage(List<AuditEntry> items, long total, int page, int limit, boolean hasMore) {
    }

    private final Pool pool;
    private final TenantContext tenant;

    public AuditResource(Pool pool, TenantContext tenant) {
        this.pool = pool;
        this.tenant = tenant;
    }

    @GET
    @Operation(operationId = "searchAudit", summary = "Search the organization's audit trail", description = "Newest first. outcome=4xx or 5xx selects a class.")
    public Uni<AuditPage> list(@QueryParam("user") @Size(max = 254) String user,
                               @QueryParam("method") @Size(max = 10) String method,
                               @QueryParam("resource") @Size(max = 500) String resourcePrefix,
                               @QueryParam("outcome") @Size(max = 3) String outcome,
                               @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                               @QueryParam("page") @DefaultValue("1") @Min(1) @Max(10000) int page,
                               @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        Conditions where = new Conditions().always("organization = ?", tenant.organization())
                .and("user_id = ?", user)
                .and("method = ?", method == null ? null : method.toUpperCase())
                .and("resource like ?", resourcePrefix == null ? null : Conditions.likeEscaped(resourcePrefix) + "%");
        if (outcome != null) {
            if (outcome.matches("[1-5]xx")) {
                int from100 = (outcome.charAt(0) - '0') * 100;
                where.always("outcome between ? and ?", from100, from100 + 99);
            } else if (outcome.matches("[1-5]\\d\\d")) {
                where.always("outcome = ?", Integer.parseInt(outcome));
            } else {
                throw ProblemException.invalidField("outcome", "must be a status like 403 or a class like 4xx");
            }
        }
        where.and("occurred_at >= ?", from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC))
                .and("occurred_at < ?", to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        return SqlPage.fetch(pool, "select * from audit_event" + where.sql() + " order by occurred_at desc, id desc limit "
                                + (limit + 1) + " offset " + (page - 1) * limit, where.tuple(),
                        "select count(*) from audit_event" + where.sql(), where.tuple(), limit, AuditResource::read)
                .map(p -> new AuditPage(p.items(), p.total(), page, limit, p.hasMore()));
    }

    private static AuditEntry read(Row r) {
        return new AuditEntry(r.getUUID("id"), r.getOffsetDateTime("occurred_at"), r.getString("user_id"),
                r.getString("roles"), r.getString("action"), r.getString("method"), r.getString("resource"),
                r.getInteger("outcome"), r.getString("request_id"), r.getString("client_ip"), r.getString("user_agent"));
    }
}

package com.kaa.reports.execution.executions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides, in the transaction that records completed runs, whether each alert's recipients are told: when the
 * condition holds, and for "only when changed" when it did not hold at the schedule's previous run. The state per
 * schedule is a row (alert_state) locked for the decision, so two replicas finishing runs of one schedule decide one
 * after the other, and a restart forgets nothing.
 */
@ApplicationScoped
public class AlertStates {

    // a schedule's first run has no row to lock: one is made first (as "did not hold"), so that two replicas
    // finishing its first runs at once still decide one after the other
    private static final String ENSURE = """
            insert into alert_state (schedule_id, organization, holds, slot, execution_id, condition)
            select id, organization, false, '-infinity', id, '' from unnest($1::uuid[], $2::text[]) as v(id, organization)
            on conflict (schedule_id) do nothing""";
    private static final String LOCK = "select schedule_id, holds, slot, condition from alert_state where schedule_id = any($1::uuid[]) "
            + "order by schedule_id for update";
    private static final String SAVE = """
            insert into alert_state as s (schedule_id, organization, holds, slot, execution_id, condition)
            select * from unnest($1::uuid[], $2::text[], $3::bool[], $4::timestamptz[], $5::uuid[], $6::text[])
            on conflict (schedule_id) do update set holds = excluded.holds, slot = excluded.slot, execution_id = excluded.execution_id,
                   condition = excluded.condition, changed_at = case when s.holds = excluded.holds then s.changed_at else now() end
             where s.slot <= excluded.slot""";
    private static final String OUTCOMES = "update execution t set alert_outcome = v.outcome::jsonb "
            + "from unnest($1::uuid[], $2::text[]) as v(id, outcome) where t.id = v.id";

    /** A completed run with an alert and what it measured. */
    record Measured(Execution e, AlertMeasure.Outcome outcome) {
        OffsetDateTime slot() {
            return e.scheduledFor != null ? e.scheduledFor : e.requestedAt;
        }
    }

    private record State(boolean holds, OffsetDateTime slot, String condition) {
    }

    private final ObjectMapper json;
    private final MeterRegistry registry;

    public AlertStates(ObjectMapper json, MeterRegistry registry) {
        this.json = json;
        this.registry = registry;
    }

    /** Records each run's outcome and the schedules' new states; answers each execution's alert for its event. */
    Uni<Map<UUID, ExecutionEvents.Alert>> record(SqlConnection c, List<Measured> runs) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<UUID, String> organizations = new LinkedHashMap<>();
        runs.stream().filter(r -> r.e().scheduleId != null).sorted(Comparator.comparing(r -> r.e().scheduleId))
                .forEach(r -> organizations.putIfAbsent(r.e().scheduleId, r.e().organization));
        UUID[] schedules = organizations.keySet().toArray(UUID[]::new);
        Uni<Map<UUID, State>> states = schedules.length == 0 ? Uni.createFrom().item(new HashMap<>())
                : c.preparedQuery(ENSURE).execute(Tuple.of(schedules, organizations.values().toArray(String[]::new)))
                .chain(() -> c.preparedQuery(LOCK).execute(Tuple.of(schedules))).map(rows -> {
            Map<UUID, State> map = new HashMap<>();
            rows.forEach(r -> map.put(r.getUUID(0), new State(r.getBoolean(1), r.getOffsetDateTime(2), r.getString(3))));
            return map;
        });
        return states.chain(before -> {
            Map<UUID, ExecutionEvents.Alert> alerts = new LinkedHashMap<>();
            Map<UUID, Measured> latest = new LinkedHashMap<>();
            // a schedule's runs in the order of their slots: each is judged against the one before it
            for (Measured run : runs.stream().sorted(Comparator.comparing(Measured::slot)).toList()) {
                AlertMeasure.Outcome o = run.outcome();
                String condition = write(o.condition());
                State previous = run.e().scheduleId == null ? null : before.get(run.e().scheduleId);
                // a run of an older slot finishing after a newer one is judged, but tells nobody: the newer run spoke
                boolean late = previous != null && previous.slot().isAfter(run.slot());
                // the state of another condition (the schedule's alert was changed since) says nothing about this one
                boolean held = previous != null && previous.condition().equals(condition) && previous.holds();
                boolean notify = o.holds() && !late && (!o.condition().once() || !held);
                alerts.put(run.e().id, new ExecutionEvents.Alert(o.condition(), o.value(), o.holds(), notify, o.reason()));
                registry.counter("kaa.alerts.evaluated", "holds", Boolean.toString(o.holds()), "notified", Boolean.toString(notify)).increment();
                if (run.e().scheduleId != null && !late) {
                    before.put(run.e().scheduleId, new State(o.holds(), run.slot(), condition));
                    latest.put(run.e().scheduleId, run);
                }
            }
            List<Measured> saved = new ArrayList<>(latest.values());
            Uni<?> save = saved.isEmpty() ? Uni.createFrom().voidItem() : c.preparedQuery(SAVE).execute(Tuple.from(List.of(
                    saved.stream().map(r -> r.e().scheduleId).toArray(UUID[]::new),
                    saved.stream().map(r -> r.e().organization).toArray(String[]::new),
                    saved.stream().map(r -> r.outcome().holds()).toArray(Boolean[]::new),
                    saved.stream().map(Measured::slot).toArray(OffsetDateTime[]::new),
                    saved.stream().map(r -> r.e().id).toArray(UUID[]::new),
                    saved.stream().map(r -> before.get(r.e().scheduleId).condition()).toArray(String[]::new))));
            return save.chain(() -> c.preparedQuery(OUTCOMES).execute(Tuple.of(
                            alerts.keySet().toArray(UUID[]::new), alerts.values().stream().map(this::write).toArray(String[]::new))))
                    .replaceWith(alerts);
        });
    }

    private String write(Object alert) {
        try {
            return json.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert outcome not writable", e);
        }
    }
}

package com.kaa.reports.execution.executions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.execution.datasets.Dataset;
import com.kaa.reports.execution.datasets.Datasets;
import com.kaa.reports.execution.outputs.CountingDigestStream;
import com.kaa.reports.execution.outputs.OutputFormat;
import com.kaa.reports.execution.outputs.OutputWriter;
import com.kaa.reports.execution.outputs.OutputWriters;
import com.kaa.reports.execution.outputs.ReportContext;
import com.kaa.reports.platform.queryspec.ParameterValue;
import com.kaa.reports.execution.query.CompiledQuery;
import com.kaa.reports.execution.query.InvalidQueryException;
import com.kaa.reports.execution.query.QueryCompiler;
import com.kaa.reports.execution.storage.FileStorage;
import com.kaa.reports.platform.leases.Backoff;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.sql.SqlStates;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt of one execution, on a worker thread: compile the spec, stream rows from a Postgres cursor
 * into every requested format at once (one pass, constant memory), store the files and record the outcome.
 * The {@link Attempt} it is given says, between rows, whether to stop (cancel, lost lease, timeout).
 */
@ApplicationScoped
public class ExecutionRun {

    private final Datasets datasets;
    private final AgroalDataSource dataSource;
    private final OutputWriters writers;
    private final FileStorage storage;
    private final ExecutionConfig config;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    public ExecutionRun(Datasets datasets, AgroalDataSource dataSource, OutputWriters writers, FileStorage storage,
                        ExecutionConfig config, ObjectMapper json, MeterRegistry registry) {
        this.datasets = datasets;
        this.dataSource = dataSource;
        this.writers = writers;
        this.storage = storage;
        this.config = config;
        this.json = json;
        this.registry = registry;
    }

    /** What a finished attempt produced: rows, whether truncated, and its files (empty for an empty "only if rows" run). */
    public record Result(long rows, boolean truncated, boolean noRows, List<ExecutionOutput> outputs, AlertMeasure.Outcome alert) {
    }

    private record Open(OutputFormat format, Path file, CountingDigestStream stream, OutputWriter writer) {
    }

    /** Waits between runs again on a lost connection: time for the pool's check of its idle connections. */
    private static final Backoff RECONNECT = new Backoff(java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(200));

    /**
     * Pooled connections are not checked when borrowed (a round trip per execution). One that died with its server (a
     * restart, a failover, a terminated backend) fails its first statement: every idle one is checked (Agroal's
     * flush of invalid connections), and the attempt runs again, until it gets a live connection. Nothing of
     * the first run is kept: its scratch files are deleted, and stored files are written under the same keys.
     */
    public Result run(Execution e, List<String> formats, Attempt attempt) throws Exception {
        // every pooled connection may be dead, and the pool's check of idle ones runs on its own thread: as many
        // tries as the pool has connections, and one more
        int tries = dataSource.getConfiguration().connectionPoolConfiguration().maxSize() + 1;
        for (int i = 1; ; i++) {
            try {
                return runOnce(e, formats, attempt);
            } catch (SQLException failure) {
                if (!SqlStates.connectionLost(failure.getSQLState()) || i == tries) {
                    throw failure;
                }
                dataSource.flush(AgroalDataSource.FlushMode.INVALID);
                Thread.sleep(RECONNECT.after(i).toMillis());
                attempt.check();
            }
        }
    }

    private Result runOnce(Execution e, List<String> formats, Attempt attempt) throws Exception {
        long started = System.nanoTime();
        Dataset dataset = datasets.named(e.dataset)
                .orElseThrow(() -> new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, "unknown dataset " + e.dataset));
        ZoneId zone = zone(e.timeZone);
        QuerySpec spec = json.readValue(e.querySpec, QuerySpec.class);
        List<ParameterValue> parameters = e.parameters == null ? List.of() : json.readValue(e.parameters, PARAMETERS);
        ZonedDateTime reference = (e.scheduledFor != null ? e.scheduledFor : e.requestedAt).atZoneSameInstant(zone);
        CompiledQuery query;
        try {
            // one row more than allowed tells "exactly at the limit" from "over it"
            query = QueryCompiler.compile(dataset, spec, parameters, e.organization, zone, reference,
                    Math.toIntExact(Math.min(config.maxRows() + 1, Integer.MAX_VALUE)));
        } catch (InvalidQueryException invalid) {
            throw new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, "the query spec or its parameters do not fit dataset "
                    + e.dataset + ": " + invalid.getMessage());
        }
        AlertMeasure measure = AlertMeasure.of(e.alert == null ? null
                : json.readValue(e.alert, com.kaa.reports.platform.queryspec.AlertCondition.class), query.columns());
        ReportContext context = new ReportContext(e.reportName, parameters(spec, parameters), parameters, ZonedDateTime.now(zone), zone,
                query.columns());
        List<Open> open = new ArrayList<>();
        long rows = 0;
        boolean truncated = false;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            java.util.concurrent.atomic.AtomicReference<Statement> current = new java.util.concurrent.atomic.AtomicReference<>();
            attempt.onStop(() -> cancel(current.get()));
            // a planner estimate (EXPLAIN) costs a round trip and a plan: worth it for progress on a large scan, not
            // when the spec caps its own rows, nor for groups or totals (their rows all come at the end of the scan)
            if (spec.limit() == null && spec.groupBy().isEmpty() && spec.aggregations().isEmpty()) {
                attempt.estimate(estimate(connection, query, current, attempt.remaining()));
            }
            checkValuesFrom(connection, dataset, e, zone, parameters, current);
            attempt.check();
            List<OutputFormat> outputFormats = new ArrayList<>();
            for (String key : formats) {
                outputFormats.add(OutputFormat.of(key).orElseThrow(() -> new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, "unknown format " + key)));
            }
            int width = query.columns().size();
            try (PreparedStatement statement = JdbcQuery.prepare(connection, query, config.fetchSize())) {
                // server-prepared from the first run, so timestamps and numbers arrive in binary, without text parsing
                statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                // the driver cancels the statement when the attempt's time is up (no SET round trip before it)
                statement.setQueryTimeout(seconds(attempt.remaining()));
                current.set(statement);
                ResultSet result = statement.executeQuery();
                while (result.next()) {
                    if (rows == config.maxRows()) {
                        if (!e.truncateAtLimit) {
                            throw new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, "the result has more than " + config.maxRows()
                                    + " rows (kaa.executions.max-rows); narrow the filters or allow truncation");
                        }
                        truncated = true;
                        break;
                    }
                    if (open.isEmpty()) {
                        open(outputFormats, context, open);
                    }
                    Object[] values = new Object[width];
                    for (int i = 0; i < width; i++) {
                        values[i] = JdbcValues.read(result, i + 1, query.columns().get(i).type());
                    }
                    for (Open o : open) {
                        o.writer().row(values);
                    }
                    if (measure != null) {
                        measure.row(values);
                    }
                    rows++;
                    if ((rows & 255) == 0) {
                        attempt.progress(rows);
                    }
                }
            } catch (SQLException sql) {
                attempt.check();
                if ("57014".equals(sql.getSQLState())) {
                    throw new ExecutionFailure(ExecutionFailure.Kind.TIMED_OUT, "the query ran longer than the execution timeout of " + config.timeout());
                }
                throw sql;
            }
            attempt.progress(rows);
            connection.rollback();
            // files are opened with the first row: a run that will not send an empty result never makes any
            if (rows == 0 && (e.awaitRows || e.sendOnlyIfRows)) {
                attempt.check();
                if (e.awaitRows) {
                    // retryable: the rows this request is about may still be on their way through Kafka
                    throw new IllegalStateException("no rows yet: the request awaits rows that have not reached the "
                            + e.dataset + " dataset (retried with backoff)");
                }
                return new Result(0, false, true, List.of(), measure == null ? null : measure.outcome());
            }
            if (open.isEmpty()) {
                open(outputFormats, context, open);
            }
            for (Open o : open) {
                o.writer().finish(rows, truncated);
                o.stream().close();
            }
            attempt.check();
            List<ExecutionOutput> outputs = new ArrayList<>();
            for (Open o : open) {
                String key = key(e, o.format());
                storage.put(key, o.file(), o.format().contentType());
                outputs.add(output(e, o, key, rows));
            }
            record(e, formats, rows, started);
            return new Result(rows, truncated, false, outputs, measure == null ? null : measure.outcome());
        } finally {
            for (Open o : open) {
                try {
                    o.stream().close();
                } catch (IOException ignored) {
                    // already closed, or the failure that brought us here says more
                }
                Files.deleteIfExists(o.file());
            }
        }
    }

    /** One scratch file and writer per format, all written in the same pass over the rows. */
    private void open(List<OutputFormat> formats, ReportContext context, List<Open> open) throws IOException {
        for (OutputFormat format : formats) {
            Path file = storage.scratch("." + format.key());
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 128 * 1024);
            CountingDigestStream counted = new CountingDigestStream(out, config.maxFileBytes(), format.key());
            open.add(new Open(format, file, counted, writers.open(format, counted, context)));
        }
    }

    /** Key layout org/report/execution/format: a retry or takeover writes the same keys, never a second set. */
    static String key(Execution e, OutputFormat format) {
        return URLEncoder.encode(e.organization, StandardCharsets.UTF_8) + "/" + e.reportId + "/" + e.id + "/" + format.key();
    }

    private ExecutionOutput output(Execution e, Open o, String key, long rows) {
        ExecutionOutput output = new ExecutionOutput();
        output.executionId = e.id;
        output.format = o.format().key();
        output.storageKey = key;
        output.contentType = o.format().contentType();
        output.sizeBytes = o.stream().count();
        output.sha256 = o.stream().sha256();
        output.rowCount = rows;
        output.createdAt = ExecutionQueue.now();
        output.expiresAt = output.createdAt.plus(config.outputRetention());
        return output;
    }

    private static void cancel(Statement statement) {
        try {
            if (statement != null) {
                statement.cancel();
            }
        } catch (SQLException ignored) {
            // the statement already ended
        }
    }

    /** The planner's row estimate, for progress; in a savepoint so that a failure here leaves the transaction usable. */
    private Long estimate(Connection connection, CompiledQuery query, java.util.concurrent.atomic.AtomicReference<Statement> current,
                          java.time.Duration remaining) throws SQLException {
        CompiledQuery explain = new CompiledQuery("explain (format json) " + query.sql(), query.parameters(), query.columns());
        java.sql.Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement statement = JdbcQuery.prepare(connection, explain, 1)) {
            current.set(statement);
            statement.setQueryTimeout(seconds(remaining));
            try (ResultSet result = statement.executeQuery()) {
                Long rows = result.next() ? json.readTree(result.getString(1)).path(0).path("Plan").path("Plan Rows").asLong() : null;
                connection.releaseSavepoint(savepoint);
                return rows;
            }
        } catch (SQLException | IOException e) {
            connection.rollback(savepoint);
            return null;
        }
    }

    /** A JDBC query timeout: whole seconds, at least one (0 would mean none). */
    private static int seconds(java.time.Duration remaining) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining.toMillis() + 999) / 1000));
    }

    private void record(Execution e, List<String> formats, long rows, long started) {
        long elapsed = System.nanoTime() - started;
        for (String format : formats) {
            Timer.builder("kaa.executions.generation").tag("dataset", e.dataset).tag("format", format)
                    .publishPercentileHistogram().register(registry).record(java.time.Duration.ofNanos(elapsed));
        }
        registry.counter("kaa.executions.rows.exported", "dataset", e.dataset).increment(rows);
    }

    private static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException invalid) {
            throw new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, "unknown time zone " + zone);
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<ParameterValue>> PARAMETERS = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    /** An enum parameter whose values come from a column allows only values the organization's rows have. */
    private static void checkValuesFrom(Connection connection, Dataset dataset, Execution e, ZoneId zone, List<ParameterValue> parameters,
                                        java.util.concurrent.atomic.AtomicReference<Statement> current) throws SQLException {
        for (ParameterValue p : parameters) {
            if (p.valuesFrom() == null || p.value() == null || p.value().isNull()) {
                continue;
            }
            if (!dataset.columnsByName().containsKey(p.valuesFrom())) {
                throw new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, "parameters." + p.name() + ": its values come from column "
                        + p.valuesFrom() + ", which dataset " + e.dataset + " no longer has");
            }
            List<String> values = new ArrayList<>();
            if (p.value().isArray()) {
                p.value().forEach(v -> values.add(v.asText()));
            } else {
                values.add(p.value().asText());
            }
            List<String> absent = new ArrayList<>();
            try (PreparedStatement statement = JdbcQuery.prepare(connection, QueryCompiler.absentValues(dataset, p.valuesFrom(),
                    e.organization, zone, values), 1000)) {
                current.set(statement);
                statement.setQueryTimeout(30);
                ResultSet result = statement.executeQuery();
                while (result.next()) {
                    absent.add(result.getString(1));
                }
            }
            if (!absent.isEmpty()) {
                throw new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, "parameters." + p.name() + ": " + absent.stream().limit(5)
                        .map(v -> "'" + (v.length() > 60 ? v.substring(0, 57) + "..." : v) + "'").collect(java.util.stream.Collectors.joining(", "))
                        + (absent.size() == 1 ? " is not a value" : " are not values") + " of column " + p.valuesFrom() + " in dataset " + e.dataset);
            }
        }
    }

    /** The header line: each parameter with its value ("County: Nairobi"), then the spec's fixed range and filters. */
    private static String parameters(QuerySpec spec, List<ParameterValue> values) {
        List<String> parts = new ArrayList<>();
        values.forEach(p -> parts.add(p.labelOrName() + ": " + p.text()));
        if (spec.parameters() != null && spec.parameters().dateRange() != null) {
            parts.add(spec.parameters().dateColumn() + ": " + spec.parameters().dateRange().replace('_', ' '));
        }
        spec.filters().stream().filter(f -> f.parameter() == null)
                .forEach(f -> parts.add(f.column() + " " + f.op() + (f.value() == null ? "" : " " + f.value())));
        return String.join("; ", parts);
    }

    /** Keeps an attempt honest between rows: it stops on cancel, lost lease or timeout. */
    public interface Attempt {
        void progress(long rows);

        void estimate(Long rows);

        /** Throws {@link ExecutionFailure} when the attempt must stop. */
        void check();

        /** Runs when the attempt is told to stop from outside (cancel, lost lease): cancels the running statement. */
        void onStop(Runnable action);

        java.time.Duration remaining();
    }

}

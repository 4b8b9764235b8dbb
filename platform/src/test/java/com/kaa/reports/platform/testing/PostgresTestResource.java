package com.kaa.reports.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database per Quarkus boot on the real Postgres at 127.0.0.1:5432 (started by
 * {@code deploy/local/infra postgres} when it is down), bootstrapped with the suite's roles and
 * schemas exactly as the local runtime does it. The service connects as its own role, so schema
 * isolation holds in tests too. Init arg {@code schema}: the service's schema, e.g. report_definition.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String HOST = System.getProperty("kaa.pg.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("kaa.pg.port", 5432);
    public static final String ADMIN = System.getProperty("kaa.pg.admin", "postgres");

    private String schema;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        schema = initArgs.get("schema");
        if (schema == null || !schema.matches("[a-z_]+")) {
            throw new IllegalArgumentException("PostgresTestResource needs a schema init arg of [a-z_]+");
        }
    }

    @Override
    public Map<String, String> start() {
        database = "kaa_test_" + schema + "_" + UUID.randomUUID().toString().substring(0, 8);
        createDatabase(database, schema);
        String role = "kaa_" + schema;
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + HOST + ":" + PORT + "/" + database,
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", role,
                "quarkus.datasource.password", role,
                "kaa.db.schema", schema,
                "kaa.test.database", database);
    }

    @Override
    public void stop() {
        try (Connection admin = admin("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists \"" + database + "\" with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + database + ": " + e.getMessage());
        }
    }

    /** Creates a database with the suite's roles and schemas, plus {@code schema} if it is a test-only one. */
    public static void createDatabase(String database, String schema) {
        ensureRunning();
        try {
            try (Connection admin = admin("postgres"); Statement statement = admin.createStatement()) {
                statement.execute("create database \"" + database + "\"");
            }
            String bootstrap = Files.readString(ProjectFiles.root().resolve("deploy/local/postgres/bootstrap.sql"));
            try (Connection admin = admin(database); Statement statement = admin.createStatement()) {
                statement.execute(bootstrap);
                statement.execute("""
                        do $$ begin
                          if not exists (select from pg_roles where rolname = 'kaa_%1$s') then
                            create role kaa_%1$s login password 'kaa_%1$s';
                          end if;
                        end $$;
                        create schema if not exists %1$s authorization kaa_%1$s;
                        alter role kaa_%1$s set search_path = %1$s;""".formatted(schema));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot create test database " + database, e);
        }
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), ADMIN, "");
    }

    public static Connection as(String role, String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), role, role);
    }

    private static synchronized void ensureRunning() {
        try (Connection ignored = admin("postgres")) {
            return;
        } catch (SQLException down) {
            ProjectFiles.ensureInfra("postgres");
        }
    }
}

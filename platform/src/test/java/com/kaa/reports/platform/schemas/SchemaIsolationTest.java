package com.kaa.reports.platform.schemas;

import com.kaa.reports.platform.testing.PostgresTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database bootstrap of deploy/local/postgres/bootstrap.sql gives each service a role that owns
 * its schema and can do nothing in the others: Postgres itself refuses cross-schema access.
 */
class SchemaIsolationTest {

    static final List<String> SCHEMAS = List.of("report_definition", "report_execution", "inventory", "notification", "gateway");
    static final String DATABASE = "kaa_test_isolation_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void bootstrap() throws SQLException {
        PostgresTestResource.createDatabase(DATABASE, "gateway");
        for (String schema : SCHEMAS) {
            try (Connection owner = PostgresTestResource.as("kaa_" + schema, DATABASE);
                 Statement statement = owner.createStatement()) {
                statement.execute("create table secrets (id int primary key, value text)");
                statement.execute("insert into secrets values (1, 'of " + schema + "')");
            }
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        try (Connection admin = PostgresTestResource.admin("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + DATABASE + " with (force)");
        }
    }

    static Stream<Arguments> otherSchemas() {
        return SCHEMAS.stream().flatMap(own -> SCHEMAS.stream().filter(other -> !other.equals(own))
                .map(other -> Arguments.of(own, other)));
    }

    @ParameterizedTest(name = "{0} cannot touch {1}")
    @MethodSource("otherSchemas")
    void serviceRoleIsDeniedOnAnotherServicesSchema(String own, String other) throws SQLException {
        try (Connection service = PostgresTestResource.as("kaa_" + own, DATABASE);
             Statement statement = service.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("select * from " + other + ".secrets"))
                    .hasMessageContaining("permission denied for schema " + other);
            assertThatThrownBy(() -> statement.execute("create table " + other + ".intruder (id int)"))
                    .hasMessageContaining("permission denied for schema " + other);
        }
    }

    @ParameterizedTest(name = "{0} uses its own schema by default")
    @MethodSource("ownSchemas")
    void serviceRoleWorksInItsOwnSchemaByDefault(String own) throws SQLException {
        try (Connection service = PostgresTestResource.as("kaa_" + own, DATABASE);
             Statement statement = service.createStatement();
             var rows = statement.executeQuery("select value from secrets")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("of " + own);
        }
    }

    @ParameterizedTest(name = "{0} cannot create in public")
    @MethodSource("ownSchemas")
    void serviceRoleCannotCreateInThePublicSchema(String own) throws SQLException {
        try (Connection service = PostgresTestResource.as("kaa_" + own, DATABASE);
             Statement statement = service.createStatement()) {
            assertThatThrownBy(() -> statement.execute("create table public.shared (id int)"))
                    .hasMessageContaining("permission denied for schema public");
        }
    }

    static Stream<String> ownSchemas() {
        return SCHEMAS.stream();
    }
}

package com.kaa.reports.execution.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.execution.query.QueryCompiler;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The definition service ships system templates in its migrations; each must compile against this
 * service's catalog, or users would get templates that cannot run.
 */
class SystemTemplatesTest {

    private static final Pattern DATASET_THEN_SPEC = Pattern.compile("'([a-z_]+)',\\s*(?:query_spec = )?'(\\{\"[^']*\\})'");

    @Test
    void everySystemTemplateCompilesAgainstTheCatalog() throws Exception {
        Datasets datasets = new Datasets(() -> "key");
        List<String> checked = new ArrayList<>();
        Path migrations = ProjectFiles.root().resolve("report-definition-service/src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = DATASET_THEN_SPEC.matcher(Files.readString(file));
                while (m.find()) {
                    String dataset = m.group(1);
                    QuerySpec spec = new ObjectMapper().readValue(m.group(2), QuerySpec.class);
                    assertThat(datasets.named(dataset)).as(file.getFileName() + ": dataset " + dataset).isPresent();
                    assertThatCode(() -> QueryCompiler.compile(datasets.named(dataset).orElseThrow(), spec, "org",
                            ZoneId.of("Africa/Nairobi"), ZonedDateTime.now(), null))
                            .as(file.getFileName() + " " + m.group(2)).doesNotThrowAnyException();
                    checked.add(dataset);
                }
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(12);
    }
}

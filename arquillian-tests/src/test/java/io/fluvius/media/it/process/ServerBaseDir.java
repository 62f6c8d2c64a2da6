package io.fluvius.media.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * The files of one server ({@code -Djboss.server.base.dir}): a copy of the installation's configuration, the
 * deployments the scanner deploys at boot, and the data and log the server writes. Several servers of one WildFly
 * installation never share a file this way, and a test starts from an empty data directory.
 */
final class ServerBaseDir {

    /** The name the application expects (configure-media.cli activates media.ear#media-rar.rar). */
    static final String MEDIA_EAR = "media.ear";

    private final Path root;

    ServerBaseDir(Path root) {
        this.root = root;
    }

    /** Empties the directory and lays it out afresh: the home's standalone/configuration, media.ear to deploy. */
    void create(Path wildflyHome, Path mediaEar) throws IOException {
        deleteTree(root);
        Path pristine = wildflyHome.resolve("standalone/configuration");
        try (Stream<Path> files = Files.walk(pristine)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = pristine.relativize(source);
                if (relative.startsWith("standalone_xml_history")) {
                    continue;
                }
                Path target = configuration().resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createDirectories(deployments());
        deploy(mediaEar, MEDIA_EAR);
    }

    /** Puts an archive into deployments/ under {@code name}: deployed when the server (next) starts. */
    void deploy(Path archive, String name) throws IOException {
        Files.copy(archive, deployments().resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Exports a ShrinkWrap archive into deployments/ under its own name. */
    void deploy(Archive<?> archive) {
        archive.as(ZipExporter.class).exportTo(deployments().resolve(archive.getName()).toFile(), true);
    }

    /** What the deployment scanner reported for each deployment that failed ({@code <name>.failed} files). */
    List<String> failedDeployments() {
        List<String> failures = new ArrayList<>();
        try (Stream<Path> markers = Files.list(deployments())) {
            for (Path marker : (Iterable<Path>) markers.filter(p -> p.toString().endsWith(".failed"))::iterator) {
                failures.add(marker.getFileName() + ": " + Files.readString(marker, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return failures;
    }

    Path root() {
        return root;
    }

    Path configuration() {
        return root.resolve("configuration");
    }

    Path deployments() {
        return root.resolve("deployments");
    }

    Path data() {
        return root.resolve("data");
    }

    Path log() {
        return root.resolve("log");
    }

    /** Everything the JVM printed, over all its starts (the server's console handler, and the JVM's own errors). */
    Path consoleLog() {
        return log().resolve("console.log");
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}

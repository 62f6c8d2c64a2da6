package io.fluvius.media.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.fluvius.media.core.FilesystemExistsException;
import io.fluvius.media.core.InvalidMediaRequestException;

/**
 * Where a {@code file} filesystem registered at run time may keep its bytes: inside one of the configured base
 * directories, never on or around a directory the server needs for itself (its database, transaction logs,
 * deployments, configuration and keys), and never on, inside or around another filesystem's root (where a delete
 * through one key would remove bytes that the other's entries use). Paths are compared after resolving symbolic
 * links, so that a link cannot lead out; nothing is created on disk by a check.
 */
public final class FileRoots {

    /** No confinement: the plain-Java driver and tests, where the caller owns the machine. */
    public static final FileRoots UNCONFINED = new FileRoots(List.of(), List.of(), false);

    private final List<Path> baseDirs;
    private final List<Path> protectedDirs;
    private final boolean confined;

    private FileRoots(List<Path> baseDirs, List<Path> protectedDirs, boolean confined) {
        this.baseDirs = List.copyOf(baseDirs);
        this.protectedDirs = List.copyOf(protectedDirs);
        this.confined = confined;
    }

    /**
     * @param baseDirs      where roots may be ({@code media.file.base-dirs}); created if missing
     * @param protectedDirs what no root may be, contain or lie inside
     */
    public static FileRoots confinedTo(Collection<Path> baseDirs, Collection<Path> protectedDirs) {
        if (baseDirs.isEmpty()) {
            throw new IllegalArgumentException("At least one base directory for file filesystems is required");
        }
        List<Path> bases = new ArrayList<>();
        for (Path base : baseDirs) {
            try {
                bases.add(Files.createDirectories(base.toAbsolutePath().normalize()).toRealPath());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the base directory for file filesystems " + base, e);
            }
        }
        return new FileRoots(bases, protectedDirs.stream().map(FileRoots::resolvedOrAsIs).toList(), true);
    }

    public List<Path> baseDirs() {
        return baseDirs;
    }

    /**
     * Checks the root of a {@code file} filesystem about to be registered.
     *
     * @param others the roots of every other {@code file} filesystem, registered or declared
     * @throws InvalidMediaRequestException {@code media.invalid-root} for a relative path or one with {@code ..};
     *                                      {@code media.root-outside-base} outside every base directory (also
     *                                      through a symbolic link); {@code media.root-protected} on or around
     *                                      a directory the server needs
     * @throws FilesystemExistsException    {@code media.filesystem-overlap} on, inside or around another root
     */
    public void check(String fsKey, String root, Collection<String> others) {
        if (!confined) {
            return;
        }
        Path asGiven = parse(fsKey, root);
        Path real;
        try {
            real = resolved(asGiven);
        } catch (UncheckedIOException e) {
            throw new InvalidMediaRequestException("media.invalid-root", "The root of filesystem '" + fsKey
                    + "' cannot be resolved (a dangling symbolic link, or a directory the server may not read)");
        }
        if (baseDirs.stream().noneMatch(base -> real.startsWith(base) && !real.equals(base))) {
            // The base directories are the server's paths: the operator knows them, a caller learns none.
            throw new InvalidMediaRequestException("media.root-outside-base", "The root of filesystem '" + fsKey
                    + "' must be a directory inside a base directory for file roots (media.file.base-dirs)"
                    + (real.equals(asGiven) ? "" : ", after resolving symbolic links") + "; '" + root + "' is not");
        }
        for (Path guarded : protectedDirs) {
            if (overlaps(real, guarded)) {
                throw new InvalidMediaRequestException("media.root-protected", "The root of filesystem '" + fsKey
                        + "' may not be, contain or lie inside a directory the server keeps its own data in");
            }
        }
        for (String other : others) {
            Optional<Path> otherRoot = tryParse(other).map(FileRoots::resolvedOrAsIs);
            if (otherRoot.isPresent() && overlaps(real, otherRoot.get())) {
                throw new FilesystemExistsException("media.filesystem-overlap", "The root of filesystem '" + fsKey
                        + "' may not be, contain or lie inside another filesystem's root");
            }
        }
    }

    private static Path parse(String fsKey, String root) {
        Optional<Path> path = tryParse(root);
        if (path.isEmpty() || !path.get().isAbsolute()) {
            throw new InvalidMediaRequestException("media.invalid-root", "The root of filesystem '" + fsKey
                    + "' must be an absolute path");
        }
        for (Path element : path.get()) {
            if (element.toString().equals("..") || element.toString().equals(".")) {
                throw new InvalidMediaRequestException("media.invalid-root", "The root of filesystem '" + fsKey
                        + "' may not contain '.' or '..' segments");
            }
        }
        return path.get().normalize();
    }

    private static Optional<Path> tryParse(String root) {
        if (root == null || root.isBlank() || root.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(root));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * The path with every symbolic link in it resolved: the real path of its nearest existing ancestor, with
     * the elements that do not exist yet appended (a link created there later is the operator's doing).
     */
    static Path resolved(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a dangling link, or a directory this process may not read
        }
    }

    private static Path resolvedOrAsIs(Path path) {
        try {
            return resolved(path);
        } catch (UncheckedIOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static boolean overlaps(Path a, Path b) {
        return a.startsWith(b) || b.startsWith(a);
    }
}

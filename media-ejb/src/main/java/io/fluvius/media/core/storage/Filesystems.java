package io.fluvius.media.core.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.MediaConnection;
import io.fluvius.media.connector.MediaConnectionFactory;
import io.fluvius.media.connector.MediaStorageException;
import io.fluvius.media.core.FilesystemInfo;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.records.MediaManager;
import io.fluvius.media.core.secrets.SecretBox;

/**
 * Resolves a filesystem key to a connection. Filesystems come from two places that converge: the
 * driver's connection definitions, and those registered at run time and persisted as
 * {@link MediaFilesystem}. Every connection consults the registrations first (through a cache, in the
 * server), so that a registration made or changed on another node, or before a restart, reaches this
 * node's driver on first use. Registrations hold their secret parameters sealed; they are opened with the
 * master key's {@link SecretBox} only here, as they are handed to the driver.
 */
public class Filesystems {

    private final MediaConnectionFactory factory;
    private final FilesystemLookup registered;
    private final FileRoots fileRoots;
    /** Seals and opens secret parameters; {@code null}: no master key, so no registration may have secrets. */
    private final SecretBox secrets;
    /** What this instance handed to the driver, by key: the registrations it keeps up to date there. */
    private final Map<String, Handed> handedToDriver;

    /** A registration as stored (secrets sealed) and the spec opened from it, so that each is opened once. */
    private record Handed(Map<String, String> stored, FilesystemSpec spec) {
    }

    /**
     * @param registered looks up a persisted registration; the server passes a cached lookup
     */
    public Filesystems(MediaConnectionFactory factory, FilesystemLookup registered) {
        this(factory, registered, FileRoots.UNCONFINED);
    }

    /**
     * @param fileRoots where registered {@code file} filesystems may keep their bytes (the server confines them)
     */
    public Filesystems(MediaConnectionFactory factory, FilesystemLookup registered, FileRoots fileRoots) {
        this(factory, registered, fileRoots, null, new ConcurrentHashMap<>());
    }

    private Filesystems(MediaConnectionFactory factory, FilesystemLookup registered, FileRoots fileRoots,
            SecretBox secrets, Map<String, Handed> handedToDriver) {
        this.factory = factory;
        this.registered = registered;
        this.fileRoots = fileRoots;
        this.secrets = secrets;
        this.handedToDriver = handedToDriver;
    }

    /**
     * The same filesystems, whose registrations' secret parameters are sealed and opened with {@code box}
     * (without one, registering a filesystem with secret parameters fails with
     * {@link io.fluvius.media.core.secrets.SecretUnavailableException}).
     */
    public Filesystems withSecrets(SecretBox box) {
        return new Filesystems(factory, registered, fileRoots, java.util.Objects.requireNonNull(box, "box"),
                handedToDriver);
    }

    /**
     * A new registration as it is stored: its secret parameters sealed.
     *
     * @throws io.fluvius.media.core.secrets.SecretUnavailableException when one is secret and there is no master key
     */
    public MediaFilesystem seal(String fsKey, String protocol, String name, Map<String, String> params,
            java.time.Instant created) {
        return MediaFilesystem.sealing(fsKey, protocol, name, params, created, secrets);
    }

    /**
     * The parameters a registration was made with, secrets opened: only to compare a registration made again
     * with the stored one, never to show.
     */
    public Map<String, String> openedParams(MediaFilesystem filesystem) {
        return filesystem.toSpec(secrets).params();
    }

    public static Filesystems of(MediaConnectionFactory factory, MediaManager manager) {
        return new Filesystems(factory, FilesystemLookup.of(manager));
    }

    /** A connection to the filesystem, whose failures are the core's exceptions; the caller closes it. */
    public MediaConnection connect(String fsKey) {
        try {
            Optional<MediaFilesystem> registration = registered.find(fsKey);
            if (registration.isPresent()) {
                handToDriver(registration.get());
            } else if (!factory.isKnown(fsKey)) {
                throw MediaNotFoundException.filesystem(fsKey);
            }
            return new TranslatingConnection(factory.getConnection(fsKey));
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(fsKey, e);
        }
    }

    /**
     * Hands registrations to the driver before their first use, so that it knows every filesystem (readiness reports
     * what the driver knows). One that cannot be handed (a secret this server cannot open, parameters its driver
     * refuses) is left out: it fails again, saying why, when it is used.
     *
     * @return the keys left out, each with the reason
     */
    public Map<String, String> handToDriver(java.util.Collection<MediaFilesystem> registrations) {
        var left = new java.util.TreeMap<String, String>();
        for (MediaFilesystem registration : registrations) {
            try {
                handToDriver(registration);
            } catch (RuntimeException e) { // the driver's MediaStorageException among them
                left.put(registration.getFsKey(), e.getMessage());
            }
        }
        return left;
    }

    /** Hands a (new or changed) registration to the driver, which validates its protocol and parameters. */
    public void register(MediaFilesystem filesystem) {
        FilesystemSpec spec = filesystem.toSpec(secrets);
        try {
            factory.register(spec);
        } catch (MediaStorageException e) {
            throw StorageErrors.translate(filesystem.getFsKey(), e);
        }
        handedToDriver.put(spec.fsKey(), new Handed(filesystem.storedParams(), spec));
        registered.changed(spec.fsKey());
    }

    /**
     * Checks a new registration against the filesystems there are: a {@code file} root must stay inside the base
     * directories and off every other {@code file} filesystem's root ({@link FileRoots}).
     *
     * @param others the other registrations in the database (this node's driver may not know them all yet)
     */
    public void checkNew(MediaFilesystem filesystem, java.util.Collection<MediaFilesystem> others) {
        if (!"file".equalsIgnoreCase(filesystem.getProtocol().trim())) {
            return;
        }
        var roots = new java.util.ArrayList<String>();
        others.stream().filter(o -> !o.getFsKey().equals(filesystem.getFsKey()))
                .filter(o -> "file".equalsIgnoreCase(o.getProtocol().trim()))
                .map(o -> o.getParams().get("root")).forEach(roots::add);
        factory.definitions().stream().filter(d -> !d.fsKey().equals(filesystem.getFsKey()))
                .filter(d -> "file".equalsIgnoreCase(d.protocol().trim()))
                .map(d -> d.param("root")).forEach(roots::add);
        fileRoots.check(filesystem.getFsKey(), filesystem.getParams().get("root"), roots);
    }

    /** Whether a connection definition of the server configuration (not a registration) has this key. */
    public boolean isDeclared(String fsKey) {
        return factory.isKnown(fsKey) && !handedToDriver.containsKey(fsKey) && registered.find(fsKey).isEmpty();
    }

    /**
     * The keys of every filesystem this node's driver knows: its connection definitions and the registrations
     * handed to it so far (a registration is handed over at its first use on this node).
     */
    public java.util.Set<String> knownKeys() {
        return factory.definitions().stream().map(FilesystemSpec::fsKey)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Every filesystem, by key, as callers see it (no secret parameter): the connection definitions of the server
     * configuration, and the registrations.
     *
     * @param registrations the registrations in the database (this node's driver may know others' as well, and has
     *                      not necessarily been handed all of these)
     */
    public List<FilesystemInfo> describe(List<MediaFilesystem> registrations) {
        Set<String> registeredKeys = registrations.stream().map(MediaFilesystem::getFsKey).collect(Collectors.toSet());
        var all = new ArrayList<FilesystemInfo>();
        factory.definitions().stream()
                .filter(d -> !registeredKeys.contains(d.fsKey()) && !handedToDriver.containsKey(d.fsKey()))
                .forEach(definition -> all.add(FilesystemInfo.declared(definition)));
        registrations.forEach(registration -> all.add(FilesystemInfo.registered(registration)));
        all.sort(Comparator.comparing(FilesystemInfo::fsKey));
        return all;
    }

    /** Whether the key names a filesystem, known to the driver or registered. */
    public boolean exists(String fsKey) {
        return factory.isKnown(fsKey) || registered.find(fsKey).isPresent();
    }

    /**
     * Brings the driver up to date with a persisted registration: one it has not seen (another node
     * registered it, or the server restarted) or one that changed since. A key the driver knows from
     * elsewhere (a connection definition) is left alone: the server configuration wins.
     */
    private void handToDriver(MediaFilesystem registration) throws MediaStorageException {
        Handed handed = handedToDriver.get(registration.getFsKey());
        if (handed == null && factory.isKnown(registration.getFsKey())) {
            return;
        }
        Map<String, String> stored = registration.storedParams();
        if (handed != null && handed.stored().equals(stored)
                && handed.spec().protocol().equals(registration.getProtocol())) {
            return; // the same row as last time: no need to open its secrets again
        }
        FilesystemSpec spec = registration.toSpec(secrets);
        if (handed == null || !spec.equals(handed.spec())) {
            factory.register(spec);
        }
        handedToDriver.put(spec.fsKey(), new Handed(stored, spec));
    }
}

package io.fluvius.media.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few MiB mounted on a directory, to be the root of a {@code file} filesystem that fills up for real
 * (ENOSPC from the kernel, not a simulation). Mounting needs root (CI runs as root): when the mount is refused,
 * {@link #mount} throws with the command's answer, so that the scenario fails loudly instead of skipping.
 */
final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static SmallDisk mount(Path mountPoint, int mebibytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m,mode=0700", "fluvius-fault-tmpfs",
                mountPoint.toString());
        return new SmallDisk(mountPoint);
    }

    Path root() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", mountPoint.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end in 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + ": "
                    + output + "). The full-disk scenario needs a real small disk: run the suite as root (CI does).");
        }
    }
}

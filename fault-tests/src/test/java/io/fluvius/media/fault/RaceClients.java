package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.json;
import static io.fluvius.media.it.MediaApi.sha256Hex;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fluvius.media.it.LocalUser;
import io.fluvius.media.it.MediaApi;

/** What the clients of {@link RacesIT} do: put, read back, run side by side; and the sizes of the short and full runs. */
final class RaceClients {

    /** Clients of a race. */
    static final int CLIENTS = 8;

    private RaceClients() {
    }

    /** One client's part of a race. */
    interface Client<T> {
        T run(int client) throws Exception;
    }

    /**
     * Client {@code 0} to {@code clients - 1} of {@code task}, at once, their results in order; {@code submitted}
     * runs once all are on their way (e.g. to open a gate they wait at).
     */
    static <T> List<T> inParallel(int clients, Client<T> task, Runnable submitted) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit((Callable<T>) () -> task.run(client)));
            }
            submitted.run();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A raw put as the writer: the new entry's id, or null (a failure of the tally) unless 201. */
    static String put(MediaApi api, String resource, String filename, byte[] content, RaceTally tally)
            throws IOException, InterruptedException {
        HttpResponse<String> put = tally.count("put", api.uploadRaw(LocalUser.WRITER, "resource=" + resource
                + "&filename=" + filename, "application/octet-stream", content));
        if (put.statusCode() != 201) {
            tally.fail("put on " + resource + ": " + put.statusCode() + " " + put.body());
            return null;
        }
        return json(put).getString("id");
    }

    /** Downloads the entry: 200 with bytes of SHA-256 {@code sha256}, or a failure of the tally. */
    static void readBack(MediaApi api, String id, String sha256, RaceTally tally) throws IOException, InterruptedException {
        HttpResponse<byte[]> read = tally.count("read", api.sendForBytes(api.request(LocalUser.READER, "files/" + id)));
        if (read.statusCode() != 200) {
            tally.fail("read " + id + ": " + read.statusCode() + " " + new String(read.body()));
        } else if (!sha256.equals(sha256Hex(read.body()))) {
            tally.fail("read " + id + ": SHA-256 " + sha256Hex(read.body()) + ", not " + sha256);
        } else {
            tally.verified(read.body().length);
        }
    }

    /** A count of the short run, 5 times as many in the full run. */
    static int scaled(int shortRun) {
        return FaultResults.isFull() ? shortRun * 5 : shortRun;
    }

    /** {@code shortRun} KiB in bytes, 4 times as many in the full run. */
    static int kib(int shortRun) {
        return (FaultResults.isFull() ? shortRun * 4 : shortRun) * 1024;
    }
}

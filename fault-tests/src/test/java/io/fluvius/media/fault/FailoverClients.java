package io.fluvius.media.fault;

import static io.fluvius.media.it.MediaApi.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.fluvius.media.it.MediaApi;

/**
 * Clients of two nodes behind an imagined load balancer: half of them at each node, each in a loop putting a
 * seeded content and then reading back an entry acknowledged so far (by either node), with a pause between rounds. While a node is
 * {@linkplain #down down} its clients go to the other, and come back once it is up again. Every call is recorded
 * with the node that answered it and the phase it began in; a call to the node that is down that breaks off is
 * counted as cut, not as a failure.
 */
final class FailoverClients {

    /** One call: its phase, the node asked (1 or 2), put or get, the status (-1: no answer), what went wrong. */
    record Call(String phase, int node, String kind, int status, String failure) {

        boolean succeeded() {
            return failure == null && (status == 200 || status == 201);
        }
    }

    /** An acknowledged put: the entry, the node that acknowledged it, the SHA-256 sent. */
    record Ack(String id, int node, String sha256) {
    }

    private final List<MediaApi> nodes;
    private final String resource;
    private final SeededUploads contents;
    private final int clients;
    private final Duration timeout;
    private final Duration pause;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> cut = new ConcurrentLinkedQueue<>();
    private final List<Ack> acknowledged = new ArrayList<>();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger[] inFlight = {new AtomicInteger(), new AtomicInteger()};
    private final List<Future<?>> running = new ArrayList<>();
    private ExecutorService pool;
    private volatile String phase = "before";
    private volatile int down;
    private volatile boolean stop;

    /** @param pause each client's pause between two rounds, so that a node can boot beside the load on 2 cores */
    FailoverClients(List<MediaApi> nodes, String resource, SeededUploads contents, int clients, Duration timeout,
            Duration pause) {
        this.nodes = nodes;
        this.pause = pause;
        this.resource = resource;
        this.contents = contents;
        this.clients = clients;
        this.timeout = timeout;
    }

    void start(long seed) {
        pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int home = c % 2 + 1;
            var random = new SplittableRandom(seed + c);
            running.add(pool.submit(() -> {
                while (!stop) {
                    call(home, random);
                    Thread.sleep(pause.toMillis());
                }
                return null;
            }));
        }
    }

    /** Marks a node down (its clients go to the other) and begins a phase; before the node is killed. */
    void down(int node, String nextPhase) {
        down = node;
        phase = nextPhase;
    }

    /** The node is up again: its clients come back. */
    void up(String nextPhase) {
        down = 0;
        phase = nextPhase;
    }

    int inFlight(int node) {
        return inFlight[node - 1].get();
    }

    /** Stops the clients after their current calls. */
    void stop() throws Exception {
        stop = true;
        for (Future<?> client : running) {
            client.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        pool.shutdown();
    }

    private void call(int home, SplittableRandom random) {
        int node = down == home ? 3 - home : home;
        MediaApi api = nodes.get(node - 1);
        String began = phase;
        String kind = "put";
        inFlight[node - 1].incrementAndGet();
        try {
            SeededUploads.Content content = contents.any();
            String filename = SeededUploads.filename(uploads.getAndIncrement(), content);
            HttpResponse<String> put = api.http.send(SeededUploads.request(api, "resource=" + resource + "&filename="
                    + filename, content, bytesSent).timeout(timeout).build(), BodyHandlers.ofString());
            if (put.statusCode() != 201) {
                calls.add(new Call(began, node, kind, put.statusCode(), put.body()));
                return;
            }
            var entry = json(put);
            boolean right = content.sha256().equals(entry.getString("filehash"));
            calls.add(new Call(began, node, kind, 201, right ? null : "acknowledged with another hash: " + entry));
            synchronized (acknowledged) {
                acknowledged.add(new Ack(entry.getString("id"), node, content.sha256()));
            }
            kind = "get";
            Ack any;
            synchronized (acknowledged) {
                any = acknowledged.get(random.nextInt(acknowledged.size()));
            }
            UploadSurvey.Download read = UploadSurvey.download(api, any.id());
            calls.add(new Call(began, node, kind, read.status(), read.status() != 200 ? read.problem()
                    : read.sha256().equals(any.sha256()) ? null : "wrong bytes for " + any));
        } catch (IOException | UncheckedIOException e) {
            // UncheckedIOException: a download's body read while hashing it (SeededUploads.sha256), cut mid-way
            if (node == down) {
                cut.add(kind + " on node " + node + ": " + e);
            } else {
                calls.add(new Call(began, node, kind, -1, e.toString()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop = true;
        } finally {
            inFlight[node - 1].decrementAndGet();
        }
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<String> cut() {
        return List.copyOf(cut);
    }

    List<Ack> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    /** Entry id → the SHA-256 sent, of every acknowledged put. */
    Map<String, String> acknowledgedSha256ById() {
        Map<String, String> byId = new TreeMap<>();
        acknowledged().forEach(ack -> byId.put(ack.id(), ack.sha256()));
        return byId;
    }

    long bytesSent() {
        return bytesSent.get();
    }
}

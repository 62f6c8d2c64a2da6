import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an {@code strace -f -tt -yy} of the server and of PostgreSQL's processes, taken over sequential small
 * PUTs: for every 201 the server wrote, that since the answer before it the server synced a stored file's bytes and
 * a directory of the storage, then asked PostgreSQL to commit, that a PostgreSQL process synced its WAL in between,
 * and that all of it came before the 201. A commit is done when the server reads back either {@code COMMIT} (a
 * transaction's, which the driver sends as a prepared statement) or, for a statement sent outside any transaction
 * (the put's one-statement publication, which commits on its own), the ReadyForQuery message that reports the
 * session idle again ({@code Z}, length 5, {@code I}); either way the request is the last write to PostgreSQL's
 * socket before it. Prints each put that misses
 * a step, then {@code puts=N ordered=M roundTrips=P} where P is the median number of writes to PostgreSQL's socket
 * per put (one per round trip: the driver sends each statement, with its sync, in one write). Usage: {@code SyncOrder <trace> <storage dir> <PostgreSQL pids, comma-separated> [port]}
 */
public final class SyncOrder {

    /** {@code 1234  12:00:00.123456 name(args) = result}: with {@code -f}, each line starts with its thread's id. */
    private static final Pattern DONE = Pattern.compile("^(\\d+)\\s+\\S+\\s+(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+).*$");
    /** A call that another traced thread interrupted: {@code name(args <unfinished ...>}. */
    private static final Pattern STARTED = Pattern.compile("^(\\d+)\\s+\\S+\\s+(\\w+)\\((.*) <unfinished \\.\\.\\.>$");
    /** Its end, on a line of its own: {@code <... name resumed>rest) = result}. */
    private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+\\S+\\s+<\\.\\.\\. (\\w+) resumed>(.*)\\)\\s+=\\s+(-?\\d+).*$");
    /** What {@code -yy} prints after the first file descriptor: a path, or a socket's addresses. */
    private static final Pattern FD_PATH = Pattern.compile("^\\d+<((?:TCP|TCPv6|UDP|UNIX):\\[[^\\]]*\\]|[^>]*)>.*");

    /** ReadyForQuery, idle (no transaction open), as strace prints it: a statement outside a transaction committed. */
    private static final String IDLE_AGAIN = "Z\\0\\0\\0\\5I";

    /** What happened, in trace order; a request to PostgreSQL is any write to its socket. */
    private enum Step { DATA_SYNC, DIRECTORY_SYNC, DATABASE_REQUEST, WAL_SYNC, COMMIT_DONE }

    private final String storage;
    private final Set<String> postgres;
    private final String socket;
    private final Map<String, String> started = new HashMap<>();
    private final List<Step> seen = new ArrayList<>();
    private final List<Integer> roundTrips = new ArrayList<>();
    private int puts;
    private int ordered;

    private SyncOrder(String storage, Set<String> postgres, String socket) {
        this.storage = storage;
        this.postgres = postgres;
        this.socket = socket;
    }

    public static void main(String[] args) throws IOException {
        var order = new SyncOrder(args[1], Set.of(args[2].split(",")), ":" + (args.length > 3 ? args[3] : "5432") + "]");
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            order.read(line);
        }
        order.roundTrips.sort(null);
        System.out.println("puts=" + order.puts + " ordered=" + order.ordered + " roundTrips="
                + (order.roundTrips.isEmpty() ? 0 : order.roundTrips.get(order.roundTrips.size() / 2)));
    }

    /** Writes count when they start (what they send is on that line), syncs and reads when they end. */
    private void read(String line) {
        Matcher m;
        if ((m = DONE.matcher(line)).matches()) {
            if (Long.parseLong(m.group(4)) >= 0) {
                sent(m.group(1), m.group(2), m.group(3));
                ended(m.group(1), m.group(2), path(m.group(3)), m.group(3));
            }
        } else if ((m = STARTED.matcher(line)).matches()) {
            started.put(m.group(1), path(m.group(3)));
            sent(m.group(1), m.group(2), m.group(3));
        } else if ((m = RESUMED.matcher(line)).matches()) {
            String path = started.remove(m.group(1));
            if (path != null && Long.parseLong(m.group(4)) >= 0) {
                ended(m.group(1), m.group(2), path, m.group(3));
            }
        }
    }

    private void sent(String thread, String call, String arguments) {
        if (postgres.contains(thread) || !call.matches("write|writev|sendto|sendmsg")) {
            return;
        }
        if (path(arguments).contains(socket)) {
            seen.add(Step.DATABASE_REQUEST);
        } else if (arguments.contains("HTTP/1.1 201")) {
            puts++;
            roundTrips.add((int) seen.stream().filter(Step.DATABASE_REQUEST::equals).count());
            Set<Step> missing = missing(seen);
            if (missing.isEmpty()) {
                ordered++;
            } else {
                System.out.println("put " + puts + ": missing " + missing + " before its 201 (saw " + seen + ")");
            }
            seen.clear();
        }
    }

    private void ended(String thread, String call, String path, String data) {
        boolean server = !postgres.contains(thread);
        if (call.equals("fsync") || call.equals("fdatasync")) {
            if (server && path.startsWith(storage)) {
                seen.add(Files.isDirectory(Path.of(path)) ? Step.DIRECTORY_SYNC : Step.DATA_SYNC);
            } else if (!server && path.contains("pg_wal")) {
                seen.add(Step.WAL_SYNC);
            }
        } else if (server && call.matches("read|recvfrom|recvmsg") && path.contains(socket)
                && (data.contains("COMMIT\\0") || data.contains(IDLE_AGAIN))) {
            seen.add(Step.COMMIT_DONE);
        }
    }

    /**
     * The steps missing before a 201, judged on the last commit completed (the entry's; a batch of intents may
     * have committed earlier): the request that asked for it (the last one before it) came after a sync of the
     * file's bytes and of a directory, and PostgreSQL synced its WAL between that request and the completion.
     */
    private static Set<Step> missing(List<Step> seen) {
        Set<Step> missing = EnumSet.allOf(Step.class);
        int done = seen.lastIndexOf(Step.COMMIT_DONE);
        if (done < 0) {
            return missing;
        }
        missing.remove(Step.COMMIT_DONE);
        int request = seen.subList(0, done).lastIndexOf(Step.DATABASE_REQUEST);
        if (request < 0) {
            return missing;
        }
        missing.remove(Step.DATABASE_REQUEST);
        List<Step> before = seen.subList(0, request);
        if (before.contains(Step.DATA_SYNC)) {
            missing.remove(Step.DATA_SYNC);
        }
        if (before.contains(Step.DIRECTORY_SYNC)) {
            missing.remove(Step.DIRECTORY_SYNC);
        }
        if (seen.subList(request + 1, done).contains(Step.WAL_SYNC)) {
            missing.remove(Step.WAL_SYNC);
        }
        return missing;
    }

    private static String path(String arguments) {
        Matcher m = FD_PATH.matcher(arguments);
        return m.matches() ? m.group(1) : "";
    }
}

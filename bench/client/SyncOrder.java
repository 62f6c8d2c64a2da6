import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an {@code strace -f -tt -y} of the server and of PostgreSQL's processes, taken over sequential small PUTs:
 * for every 201 the server wrote, that since the answer before it the server synced a stored file's bytes and a
 * directory of the storage, sent a COMMIT, that PostgreSQL synced its WAL after that COMMIT was sent, and that the
 * server read the commit's completion after that sync, all before the 201. Prints each put that misses a step, then
 * {@code puts=N ordered=M roundTrips=P} where P is the median number of writes to PostgreSQL's socket (one per
 * round trip: the driver sends each statement, or the commit, in one write) per put; {@code -yy} names the
 * sockets. Usage: {@code SyncOrder <trace> <storage dir> <PostgreSQL pids, comma-separated> [port]}
 */
public final class SyncOrder {

    /** {@code 1234  12:00:00.123456 name(args) = result}: with {@code -f}, each line starts with its thread's id. */
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+\\S+\\s+(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+).*$");
    /** What {@code -yy} prints after the first file descriptor: a path, or a socket's addresses. */
    private static final Pattern FD_PATH = Pattern.compile("^\\d+<((?:TCP|TCPv6|UDP|UNIX):\\[[^\\]]*\\]|[^>]*)>.*");

    private enum Step { DATA_SYNC, DIRECTORY_SYNC, COMMIT_SENT, WAL_SYNC, COMMIT_DONE }

    public static void main(String[] args) throws IOException {
        String storage = args[1];
        Set<String> postgres = Set.of(args[2].split(","));
        String socket = ":" + (args.length > 3 ? args[3] : "5432") + "]";
        List<Step> seen = new ArrayList<>();
        List<Integer> roundTrips = new ArrayList<>();
        int writes = 0;
        int puts = 0;
        int ordered = 0;
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || Long.parseLong(m.group(4)) < 0) {
                continue;
            }
            boolean server = !postgres.contains(m.group(1));
            String call = m.group(2);
            String arguments = m.group(3);
            if (call.equals("fsync") || call.equals("fdatasync")) {
                String path = path(arguments);
                if (server && path.startsWith(storage)) {
                    seen.add(Files.isDirectory(Path.of(path)) ? Step.DIRECTORY_SYNC : Step.DATA_SYNC);
                } else if (!server && path.contains("pg_wal") && seen.contains(Step.COMMIT_SENT)) {
                    seen.add(Step.WAL_SYNC);
                }
            } else if (server && call.matches("write|writev|sendto|sendmsg")) {
                if (path(arguments).contains(socket)) {
                    writes++;
                }
                if (arguments.contains("HTTP/1.1 201")) {
                    roundTrips.add(writes);
                    writes = 0;
                    puts++;
                    Set<Step> missing = missing(seen);
                    if (missing.isEmpty()) {
                        ordered++;
                    } else {
                        System.out.println("put " + puts + ": missing " + missing + " before its 201 (saw " + seen + ")");
                    }
                    seen.clear();
                } else if (arguments.contains("COMMIT")) {
                    seen.add(Step.COMMIT_SENT);
                }
            } else if (server && call.matches("read|recvfrom|recvmsg") && arguments.contains("COMMIT")
                    && seen.contains(Step.WAL_SYNC)) {
                seen.add(Step.COMMIT_DONE);
            }
        }
        roundTrips.sort(null);
        System.out.println("puts=" + puts + " ordered=" + ordered + " roundTrips="
                + (roundTrips.isEmpty() ? 0 : roundTrips.get(roundTrips.size() / 2)));
    }

    /**
     * The steps missing before a 201: the last COMMIT sent (the entry's; a batch of intents may have committed
     * earlier) must come after a data and a directory sync, and be followed by a WAL sync and then its completion.
     */
    private static Set<Step> missing(List<Step> seen) {
        Set<Step> missing = EnumSet.allOf(Step.class);
        int sent = seen.lastIndexOf(Step.COMMIT_SENT);
        if (sent < 0) {
            return missing;
        }
        missing.remove(Step.COMMIT_SENT);
        List<Step> before = seen.subList(0, sent);
        List<Step> after = seen.subList(sent + 1, seen.size());
        if (before.contains(Step.DATA_SYNC)) {
            missing.remove(Step.DATA_SYNC);
        }
        if (before.contains(Step.DIRECTORY_SYNC)) {
            missing.remove(Step.DIRECTORY_SYNC);
        }
        int wal = after.indexOf(Step.WAL_SYNC);
        if (wal >= 0) {
            missing.remove(Step.WAL_SYNC);
            if (after.subList(wal + 1, after.size()).contains(Step.COMMIT_DONE)) {
                missing.remove(Step.COMMIT_DONE);
            }
        }
        return missing;
    }

    private static String path(String arguments) {
        Matcher m = FD_PATH.matcher(arguments);
        return m.matches() ? m.group(1) : "";
    }
}

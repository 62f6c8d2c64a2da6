package io.fluvius.media.fault;

import static io.fluvius.media.fault.HostileValues.chance;
import static io.fluvius.media.fault.HostileValues.pick;

import java.nio.file.Path;
import java.util.SplittableRandom;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * JSON bodies for {@code POST /filesystems} (protocols file, memory, s3 and unknown ones; roots at /etc, at the
 * server's own files, relative, with {@code ..}; wrong types; deeply nested; huge) and {@code POST /jobs/{name}}
 * (unknown jobs, parameters of the wrong type or value). Every s3 {@code secret} is a unique marker
 * ({@link #SECRET_MARKER}…) that no response may ever show. Registrations use a handful of keys, so that the few
 * that succeed stay few; job starts are always invalid, so that no job runs beside the fuzzing.
 */
final class HostileJson {

    /** The start of every secret sent; a response containing it leaks a secret. */
    static final String SECRET_MARKER = "FZSECRET";

    /** Registrations under fz-0 … fz-(LOCAL_KEYS - 1) are file or memory filesystems: uploads may target them. */
    static final int LOCAL_KEYS = 4;

    static final String[] JOB_NAMES = {"bulk-copy", "compress-sweep", "dedup-sweep", "verify-sweep", "orphan-gc"};

    private final Path baseDir;

    HostileJson(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** A registration body (or something posing as one) and whether it may register a filesystem. */
    record Body(String json, boolean mayStore) {
    }

    Body registration(SplittableRandom random) {
        int shape = random.nextInt(20);
        if (shape == 0) {
            // deeply nested, and unterminated
            return new Body("{\"params\":" + "{\"a\":".repeat(random.nextInt(500, 9000)) + "1", false);
        }
        if (shape == 1) {
            int depth = random.nextInt(500, 20_000);
            return new Body("{\"fsKey\":\"fz-0\",\"params\":" + "[".repeat(depth) + "]".repeat(depth) + "}", false);
        }
        if (shape == 2) {
            return new Body(pick(random, new String[] {"", "null", "[]", "\"x\"", "1", "{", "{}", "{\"fsKey\":}",
                "{\"fsKey\":\"fz-1\",\"fsKey\":\"fz-2\"}", "\uFEFF{}", "{\"params\":NaN}", "{} trailing"}), false);
        }
        if (shape == 3) {
            return new Body(HostileValues.garbage(random, 300), false);
        }
        int key = random.nextInt(8);
        String fsKey = chance(random, 0.8) ? "fz-" + key : pick(random, new String[] {
            "", "file", "default", "a".repeat(65), "../x", "with space", "caf\u00e9", "x\u0000y", "UPPER", "-"});
        // fz-0 to fz-3 hold local storage only (uploads go there: an object store at an unreachable endpoint would
        // rightly answer 503); fz-4 to fz-7 take every protocol.
        String protocol = key < LOCAL_KEYS ? pick(random, new String[] {"file", "file", "memory", "FILE", ""})
                : pick(random, new String[] {"file", "memory", "s3", "s3", "gcs", "azure", "swift", "ftp", " file",
                    "unknown"});
        JsonObjectBuilder params = Json.createObjectBuilder();
        switch (protocol.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "file" -> params.add("root", root(random, fsKey));
            case "s3", "gcs", "azure", "swift" -> {
                params.add("bucket", chance(random, 0.8) ? "fz-bucket" : HostileValues.garbage(random, 70));
                params.add("endpoint", pick(random, new String[] {"http://127.0.0.1:1", "file:///etc/passwd",
                    "not a url", "http://[::1", "http://169.254.169.254/latest"}));
                params.add("region", "fz-region");
                params.add("key", "fzaccess" + Long.toHexString(random.nextLong()));
                params.add("secret", SECRET_MARKER + Long.toHexString(random.nextLong()));
            }
            default -> params.add("x", "y");
        }
        if (chance(random, 0.1)) {
            params.add(HostileValues.garbage(random, 20), HostileValues.garbage(random, 20));
        }
        var registration = Json.createObjectBuilder();
        switch (random.nextInt(12)) {
            case 0 -> registration.add("fsKey", 7);
            case 1 -> registration.add("fsKey", Json.createArrayBuilder().add(fsKey));
            case 2 -> registration.addNull("fsKey");
            default -> registration.add("fsKey", fsKey);
        }
        registration.add("protocol", protocol);
        switch (random.nextInt(12)) {
            case 0 -> registration.add("name", "n".repeat(30_000));
            case 1 -> registration.add("name", Json.createObjectBuilder().add("a", 1));
            case 2 -> registration.add("name", 3.5e300);
            default -> registration.add("name", "fuzzed " + fsKey);
        }
        switch (random.nextInt(14)) {
            case 0 -> registration.add("params", Json.createArrayBuilder().add("root"));
            case 1 -> registration.add("params", "root=/etc");
            case 2 -> registration.add("params", 1);
            case 3 -> registration.add("params", Json.createObjectBuilder().add("root", 42));
            case 4 -> registration.add("params", Json.createObjectBuilder().add("root",
                    Json.createObjectBuilder().add("path", "/etc")));
            case 5 -> registration.add("params", Json.createObjectBuilder().addNull("root"));
            case 6 -> {
                var many = Json.createObjectBuilder();
                for (int i = 0; i < 2000; i++) {
                    many.add("p" + i, "v" + i);
                }
                registration.add("params", many);
            }
            case 7 -> registration.add("extra", true);
            default -> registration.add("params", params);
        }
        String json = registration.build().toString();
        return new Body(json, json.contains("\"params\":{"));
    }

    private String root(SplittableRandom random, String fsKey) {
        String filesystems = baseDir.resolve("data/media/filesystems").toString();
        return switch (random.nextInt(14)) {
            case 0, 1, 2, 3 -> filesystems + "/" + fsKey; // valid when the key is
            case 4 -> "/etc";
            case 5 -> baseDir.toString();
            case 6 -> baseDir.resolve("data/media/files").toString();
            case 7 -> baseDir.resolve("configuration").toString();
            case 8 -> "relative/dir";
            case 9 -> "../../etc";
            case 10 -> filesystems + "/../../../configuration";
            case 11 -> "/proc/self";
            case 12 -> "";
            default -> filesystems + "/" + fsKey + "/" + HostileValues.garbage(random, 30);
        };
    }

    /** A job's parameters, always with something wrong (an unknown name, a wrong type or value). */
    String jobParameters(SplittableRandom random) {
        int shape = random.nextInt(16);
        return switch (shape) {
            case 0 -> pick(random, new String[] {"[]", "\"x\"", "1", "null", "{", "{\"a\":}", "\uFEFF{\"fz\":1}",
                "{\"chunkSize\":\"1\",\"chunkSize\":\"x\"}"});
            case 1 -> "{\"chunkSize\":" + "[".repeat(random.nextInt(100, 20_000)) + "}";
            case 2 -> "{\"fz" + HostileValues.garbage(random, 10).replace("\"", "") + "\":\"1\"}";
            case 3 -> "{\"chunkSize\":" + pick(random, new String[] {"0", "1001", "\"ten\"", "-1", "1e400", "[1]",
                "{}", "null", "true", "99999999999999999999999", "0.5"}) + "}";
            case 4 -> "{\"grace\":" + pick(random, new String[] {"\"soon\"", "\"-5\"", "\"PT-1S\"",
                "\"P999999999999999D\"", "\"P9999999999999999999999D\"", "-5", "[\"PT1H\"]"}) + "}";
            case 5 -> "{\"compress\":\"rar\"}";
            case 6 -> "{\"createdAfter\":\"" + pick(random, new String[] {"yesterday", "2026-13-45",
                "+999999999-12-31T23:59:59Z", "2026-12-01T00:00:00+99:00"}) + "\"}";
            case 7 -> "{\"failAtItem\":" + pick(random, new String[] {"0", "\"x\"", "-1", "9223372036854775808"}) + "}";
            case 8 -> "{\"destination\":" + pick(random, new String[] {"\"nope\"", "\"../file\"", "1", "\"\""})
                    + ",\"move\":\"yes\"}";
            case 9 -> "{\"" + "k".repeat(50_000) + "\":1}";
            case 10 -> HostileValues.garbage(random, 200);
            default -> "{\"fz\":\"" + HostileValues.garbage(random, 30).replace("\"", "").replace("\\", "") + "\"}";
        };
    }

    String jobName(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0, 1, 2, 3 -> pick(random, JOB_NAMES);
            case 4 -> "defragment";
            case 5 -> "VERIFY-SWEEP";
            case 6 -> "..%2F" + pick(random, JOB_NAMES);
            default -> HostileValues.encode(HostileValues.garbage(random, 40));
        };
    }
}

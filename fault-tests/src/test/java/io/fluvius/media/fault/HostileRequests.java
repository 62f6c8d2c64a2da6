package io.fluvius.media.fault;

import static io.fluvius.media.fault.HostileValues.chance;
import static io.fluvius.media.fault.HostileValues.encode;
import static io.fluvius.media.fault.HostileValues.pick;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.fluvius.media.it.LocalUser;

/**
 * The generator of the hostile-input scenario: request number {@code n} of a run is a function of the seed and
 * {@code n} alone (its own {@link SplittableRandom}) and of the {@link FuzzTargets} the server gave so far. Each
 * request belongs to one category, drawn by weight; a share of them is valid, so that deeper code paths run.
 */
final class HostileRequests {

    /** Categories and their weights (per 1000 requests). */
    static final Map<String, Integer> WEIGHTS = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
            Map.ofEntries(Map.entry("range", 150), Map.entry("conditional", 120), Map.entry("digest", 90),
                    Map.entry("multipart", 100), Map.entry("filename", 60), Map.entry("listing", 110),
                    Map.entry("filesystems", 60), Map.entry("jobs", 60), Map.entry("ids", 140),
                    Map.entry("framing", 60), Map.entry("valid", 40))));

    private static final String API = "/media/api/";
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    private static final String OCTETS = "application/octet-stream";

    private final long seed;
    private final FuzzTargets targets;
    private final HostileJson json;
    private final String[] categories;

    HostileRequests(long seed, FuzzTargets targets, HostileJson json) {
        this.seed = seed;
        this.targets = targets;
        this.json = json;
        var weighted = new ArrayList<String>();
        WEIGHTS.forEach((category, weight) -> {
            for (int i = 0; i < weight; i++) {
                weighted.add(category);
            }
        });
        this.categories = weighted.toArray(String[]::new);
    }

    HostileProbe next(long number) {
        var random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + number);
        String category = pick(random, categories);
        return switch (category) {
            case "range" -> range(random);
            case "conditional" -> conditional(random);
            case "digest" -> digest(random);
            case "multipart" -> multipart(random);
            case "filename" -> filename(random);
            case "listing" -> listing(random);
            case "filesystems" -> filesystems(random);
            case "jobs" -> jobs(random);
            case "ids" -> ids(random);
            case "framing" -> HostileFraming.probe(random, targets);
            default -> valid(random);
        };
    }

    private HostileProbe range(SplittableRandom random) {
        FuzzTargets.Entry entry = targets.anySeeded(random);
        var headers = new ArrayList<Map.Entry<String, String>>();
        headers.add(Map.entry("Range", HostileValues.range(random, entry.length())));
        if (chance(random, 0.3)) {
            headers.add(Map.entry("If-Range", chance(random, 0.5) ? HostileValues.entityTag(random, entry)
                    : HostileValues.httpDate(random, entry)));
        }
        return HostileProbe.of("range", chance(random, 0.8) ? "GET" : "HEAD", API + "files/" + entry.id()
                + disposition(random), auth(random, LocalUser.READER), headers, new byte[0]);
    }

    private HostileProbe conditional(SplittableRandom random) {
        FuzzTargets.Entry entry = targets.anySeeded(random);
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (String name : new String[] {"If-None-Match", "If-Match"}) {
            if (chance(random, 0.45)) {
                headers.add(Map.entry(name, HostileValues.entityTag(random, entry)));
            }
        }
        for (String name : new String[] {"If-Modified-Since", "If-Unmodified-Since", "If-Range"}) {
            if (chance(random, 0.35)) {
                headers.add(Map.entry(name, HostileValues.httpDate(random, entry)));
            }
        }
        if (chance(random, 0.3)) {
            headers.add(Map.entry("Range", HostileValues.range(random, entry.length())));
        }
        String id = chance(random, 0.9) ? entry.id() : targets.anyDeleted(random);
        return HostileProbe.of("conditional", chance(random, 0.75) ? "GET" : "HEAD", API + "files/" + id
                + disposition(random), auth(random, LocalUser.READER), headers, new byte[0]);
    }

    private HostileProbe digest(SplittableRandom random) {
        byte[] content = content(random);
        var headers = new ArrayList<Map.Entry<String, String>>();
        headers.add(Map.entry("Content-Type", HostileValues.contentType(random)));
        if (chance(random, 0.85)) {
            headers.add(Map.entry("Content-Digest", HostileValues.contentDigest(random, content)));
        }
        String query = "files?filename=" + HostileValues.marker(random) + ".bin&resource=fuzz-digest"
                + (chance(random, 0.2) ? "&compress=" + pick(random, new String[] {"gzip", "zstd", "rar", ""}) : "");
        return HostileProbe.of("digest", "POST", API + query, auth(random, LocalUser.WRITER), headers, content)
                .storing();
    }

    private HostileProbe multipart(SplittableRandom random) {
        HostileForms form = HostileForms.hostile(random, content(random));
        var headers = new ArrayList<Map.Entry<String, String>>();
        headers.add(Map.entry("Content-Type", form.contentType()));
        if (chance(random, 0.15)) {
            headers.add(Map.entry("Content-Digest", HostileValues.contentDigest(random, form.body())));
        }
        return HostileProbe.of("multipart", "POST", API + "files" + (chance(random, 0.2) ? "?resource=fuzz-form" : ""),
                auth(random, LocalUser.WRITER), headers, form.body()).storing();
    }

    private HostileProbe filename(SplittableRandom random) {
        if (chance(random, 0.3)) {
            // An entry stored under a hostile name, served back: its name goes into Content-Disposition.
            String id = targets.anyRecentOwn(random);
            String target = chance(random, 0.2) ? "files/" + id + "/metadata" : "files/" + id + "?disposition="
                    + pick(random, new String[] {"attachment", "inline", "attachment", ""});
            return HostileProbe.of("filename", chance(random, 0.7) ? "GET" : "HEAD", API + target,
                    auth(random, LocalUser.READER), List.of(), new byte[0]);
        }
        String filename = HostileValues.filename(random);
        byte[] content = content(random);
        var headers = new ArrayList<Map.Entry<String, String>>();
        String target;
        byte[] body = content;
        switch (random.nextInt(3)) {
            case 0 -> {
                target = API + "files?resource=fuzz-filenames&filename=" + encode(filename);
                headers.add(Map.entry("Content-Type", OCTETS));
            }
            case 1 -> {
                target = API + "files?resource=fuzz-filenames";
                headers.add(Map.entry("Content-Type", OCTETS));
                headers.add(Map.entry("Content-Disposition", chance(random, 0.5)
                        ? "attachment; filename=\"" + filename + '"'
                        : "attachment; filename*=UTF-8''" + encode(filename).replace("+", "%20")));
            }
            default -> {
                HostileForms form = HostileForms.withHostileFilename(random, filename, content);
                target = API + "files";
                headers.add(Map.entry("Content-Type", form.contentType()));
                body = form.body();
            }
        }
        return HostileProbe.of("filename", "POST", target, auth(random, LocalUser.WRITER), headers, body).storing();
    }

    private HostileProbe listing(SplittableRandom random) {
        if (chance(random, 0.15)) {
            var query = new StringBuilder("jobs?");
            appendListing(random, query, targets.jobCursors);
            return HostileProbe.of("listing", "GET", API + query, auth(random, LocalUser.ADMIN), List.of(),
                    new byte[0]);
        }
        var query = new StringBuilder("files?");
        if (chance(random, 0.5)) {
            query.append("resource=").append(encode(HostileValues.resourceValue(random))).append('&');
        }
        if (chance(random, 0.3)) {
            query.append("resourceId=").append(encode(HostileValues.resourceValue(random))).append('&');
        }
        if (chance(random, 0.2)) {
            query.append("fsKey=").append(encode(pick(random, new String[] {"file", "fz-mem", "fz-0", "fz-5", "nope",
                "", "%"})))
                    .append('&');
        }
        appendListing(random, query, targets.cursors);
        return HostileProbe.of("listing", "GET", API + query, auth(random, LocalUser.READER), List.of(), new byte[0]);
    }

    private static void appendListing(SplittableRandom random, StringBuilder query, List<String> cursors) {
        if (chance(random, 0.6)) {
            query.append("limit=").append(encode(HostileValues.number(random))).append('&');
        }
        if (chance(random, 0.3)) {
            query.append("offset=").append(encode(HostileValues.number(random))).append('&');
        }
        if (chance(random, 0.5)) {
            query.append("cursor=").append(encode(HostileValues.cursor(random, cursors))).append('&');
        }
        if (chance(random, 0.05)) {
            query.append("limit=1&limit=2&");
        }
    }

    private HostileProbe filesystems(SplittableRandom random) {
        if (chance(random, 0.15)) {
            String target = switch (random.nextInt(4)) {
                case 0 -> "filesystems";
                case 1, 2 -> "filesystems/fz-" + random.nextInt(8);
                default -> "filesystems/" + HostileValues.id(random, targets);
            };
            return HostileProbe.of("filesystems", chance(random, 0.8) ? "GET" : pick(random, METHODS), API + target,
                    auth(random, LocalUser.READER), List.of(), new byte[0]);
        }
        HostileJson.Body registration = json.registration(random);
        var probe = HostileProbe.of("filesystems", "POST", API + "filesystems", auth(random, LocalUser.ADMIN),
                List.of(Map.entry("Content-Type", jsonType(random))), registration.json().getBytes(StandardCharsets.UTF_8));
        return registration.mayStore() ? probe.storing() : probe;
    }

    private HostileProbe jobs(SplittableRandom random) {
        String admin = auth(random, LocalUser.ADMIN);
        int shape = random.nextInt(10);
        if (shape < 6) {
            return HostileProbe.of("jobs", "POST", API + "jobs/" + json.jobName(random), admin,
                    List.of(Map.entry("Content-Type", jsonType(random))),
                    json.jobParameters(random).getBytes(StandardCharsets.UTF_8));
        }
        String execution = switch (random.nextInt(6)) {
            case 0, 1 -> Long.toString(FuzzTargets.any(targets.executionIds, random, 1L));
            case 2 -> "99999999999999999999";
            case 3 -> "-1";
            case 4 -> "1e3";
            default -> encode(HostileValues.garbage(random, 20));
        };
        return switch (shape) {
            case 6, 7 -> HostileProbe.of("jobs", pick(random, METHODS), API + "jobs/" + execution, admin, List.of(),
                    new byte[0]);
            default -> HostileProbe.of("jobs", "POST", API + "jobs/" + execution + (shape == 8 ? "/stop" : "/restart"),
                    admin, List.of(), new byte[0]);
        };
    }

    private HostileProbe ids(SplittableRandom random) {
        String method = pick(random, METHODS);
        LocalUser preferred = method.equals("GET") || method.equals("HEAD") ? LocalUser.READER : LocalUser.WRITER;
        String authorization = auth(random, preferred);
        String id = HostileValues.id(random, targets);
        if (method.equals("DELETE") || method.equals("PUT") || method.equals("PATCH") || method.equals("POST")) {
            // A request that could delete or change a seeded entry goes to one of the fuzzing's own, or to
            // none the other requests aim at.
            boolean mayWrite = authorization != null && (authorization.equals(LocalUser.WRITER.basicAuthorization())
                    || authorization.equals(LocalUser.ADMIN.basicAuthorization()));
            if (mayWrite && targets.seeded.stream().anyMatch(e -> e.id().equalsIgnoreCase(id))) {
                String own = targets.takeOwn();
                if (own == null) {
                    return HostileProbe.of("ids", method, API + "files/" + java.util.UUID.randomUUID(), authorization,
                            List.of(), new byte[0]);
                }
                targets.markDeleted(own);
                return HostileProbe.of("ids", method, API + "files/" + own, authorization, List.of(), new byte[0]);
            }
        }
        String target = switch (random.nextInt(12)) {
            case 0, 1, 2 -> "files/" + id;
            case 3 -> "files/" + id + "/metadata";
            case 4 -> "files/" + id + "/copy?fsKey=" + encode(pick(random, new String[] {"file", "fz-mem", "nope",
                "../x", ""}));
            case 5 -> "files/" + id + "/links?ttl=" + encode(HostileValues.number(random));
            case 6 -> "links/" + tamperedLink(random);
            case 7 -> "files/" + id + "%2F..%2F..%2Fmetadata";
            case 8 -> "files/" + id + "/" + encode(HostileValues.garbage(random, 20));
            case 9 -> "files//" + id;
            case 10 -> "files/%2e%2e/" + id;
            default -> "files/" + id + "?disposition=" + encode(HostileValues.garbage(random, 30));
        };
        byte[] body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? content(random)
                : new byte[0];
        var headers = body.length > 0 ? List.of(Map.entry("Content-Type", chance(random, 0.5) ? OCTETS
                : "application/json")) : List.<Map.Entry<String, String>>of();
        var probe = HostileProbe.of("ids", method, API + target, authorization, headers, body);
        return target.contains("/copy") ? probe.storing() : probe;
    }

    private String tamperedLink(SplittableRandom random) {
        String link = FuzzTargets.any(targets.links, random, "x");
        return switch (random.nextInt(6)) {
            case 0 -> link;
            case 1 -> HostileValues.flip(random, link);
            case 2 -> link.substring(0, random.nextInt(link.length() + 1));
            case 3 -> link + "%00";
            case 4 -> link.replace("?", "/../");
            default -> encode(HostileValues.garbage(random, 80));
        };
    }

    private HostileProbe valid(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> {
                byte[] content = content(random);
                var headers = new ArrayList<Map.Entry<String, String>>();
                headers.add(Map.entry("Content-Type", "text/plain"));
                if (chance(random, 0.5)) {
                    headers.add(Map.entry("Content-Digest", "sha-256=:"
                            + Base64.getEncoder().encodeToString(MediaSha256.of(content)) + ":"));
                }
                String fsKey = pick(random, new String[] {"file", "file", "fz-mem", "fz-0", "fz-1", "fz-2", "fz-3"});
                yield HostileProbe.of("valid", "POST", API + "files?resource=fuzz-valid&filename=v.txt&fsKey=" + fsKey,
                        LocalUser.WRITER.basicAuthorization(), headers, content).storing();
            }
            case 2 -> HostileProbe.of("valid", "GET", API + "files/" + targets.anySeeded(random).id(),
                    LocalUser.READER.basicAuthorization(), List.of(), new byte[0]);
            case 3 -> HostileProbe.of("valid", "GET", API + "files?resource=seeded&limit=" + random.nextInt(1, 4),
                    LocalUser.READER.basicAuthorization(), List.of(), new byte[0]);
            case 4 -> {
                String own = targets.takeOwn();
                if (own == null) {
                    yield HostileProbe.of("valid", "GET", API + "files/" + targets.anySeeded(random).id()
                            + "/metadata", LocalUser.READER.basicAuthorization(), List.of(), new byte[0]);
                }
                targets.markDeleted(own);
                yield HostileProbe.of("valid", "DELETE", API + "files/" + own, LocalUser.WRITER.basicAuthorization(),
                        List.of(), new byte[0]);
            }
            default -> HostileProbe.of("valid", "GET", API + "filesystems", LocalUser.READER.basicAuthorization(),
                    List.of(), new byte[0]);
        };
    }

    /** Small text content (no byte of it could pass for a stack trace or a path), sometimes empty. */
    static byte[] content(SplittableRandom random) {
        int size = chance(random, 0.05) ? 0 : chance(random, 0.9) ? random.nextInt(1, 2048) : random.nextInt(2048, 16_384);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(8));
        }
        return bytes;
    }

    private static String disposition(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> "?disposition=attachment";
            case 1 -> "?disposition=inline";
            case 2 -> "?disposition=" + encode(HostileValues.garbage(random, 20));
            default -> "";
        };
    }

    private static String jsonType(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> "text/plain";
            case 1 -> "application/json; charset=latin-99";
            case 2 -> "application/xml";
            case 3 -> HostileValues.garbage(random, 30);
            default -> "application/json";
        };
    }

    /** The Authorization header: mostly the user the address is for, else another, none or a broken one. */
    static String auth(SplittableRandom random, LocalUser preferred) {
        if (chance(random, 0.75)) {
            return preferred.basicAuthorization();
        }
        return switch (random.nextInt(12)) {
            case 0 -> LocalUser.READER.basicAuthorization();
            case 1 -> LocalUser.WRITER.basicAuthorization();
            case 2 -> LocalUser.ADMIN.basicAuthorization();
            case 3, 4 -> null;
            case 5 -> basic("writer:wrong");
            case 6 -> "Basic !!!";
            case 7 -> "Bearer abc.def.ghi";
            case 8 -> basic("nocolon");
            case 9 -> basic("\u00e4dmin:x\u0000");
            case 10 -> random.nextBoolean() ? "basic " + basic("reader:reader-pass").substring(6)
                    : "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, ':', (byte) 0x80});
            default -> "Basic " + "A".repeat(6000);
        };
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}

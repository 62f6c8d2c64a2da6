package io.fluvius.media.connector.spi.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jclouds.openstack.keystone.config.KeystoneProperties;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * The parameters of a {@code swift} filesystem, checked, and what jclouds makes of them. Messages name the
 * parameter at fault and never repeat a secret's value.
 *
 * @param identity    what jclouds authenticates as: TempAuth's {@code account:user}, Keystone v3's
 *                    {@code domain:user}
 * @param segmentSize bytes per segment of a static large object; also the most a write holds in memory
 */
record SwiftSettings(String fsKey, Auth auth, URI endpoint, String identity, String secret, String project,
                     String domain, String region, String container, Duration connectTimeout,
                     Duration readTimeout, int retries, Duration deadline, long segmentSize) {

    /** Every parameter the protocol takes (Protocol refuses any other). */
    static final String[] PARAMETERS = {"endpoint", "auth", "user", "key", "password", "secret", "tenant", "project",
            "domain", "region", "container", "connectTimeout", "readTimeout", "retries", "deadline", "segmentSize"};

    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    static final int DEFAULT_RETRIES = 1;
    static final long DEFAULT_SEGMENT_SIZE = 16L << 20;
    private static final long MIN_SEGMENT_SIZE = 1L << 20;
    private static final long MAX_SEGMENT_SIZE = 1L << 30;
    private static final int MAX_RETRIES = 10;
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LONGEST_DURATION = Duration.ofHours(1);
    /** Swift's container name limit, less the suffix of the segments' container. */
    private static final int MAX_CONTAINER_LENGTH = 256 - SwiftLargeObjects.SEGMENTS_SUFFIX.length();

    /** How a filesystem authenticates. */
    enum Auth {
        TEMPAUTH("tempauth", "key"),
        KEYSTONE_V3("keystone-v3", "password");

        final String name;
        /** The name the protocol's documentation gives its secret ("secret" is accepted for both). */
        final String secretParameter;

        Auth(String name, String secretParameter) {
            this.name = name;
            this.secretParameter = secretParameter;
        }
    }

    /** @throws InvalidFilesystemException naming the missing or bad parameter */
    static SwiftSettings of(FilesystemSpec spec) {
        Reader in = new Reader(spec);
        Auth auth = in.auth();
        URI endpoint = in.endpoint();
        String user = in.required("user", "the user to authenticate as ("
                + (auth == Auth.TEMPAUTH ? "account:user, e.g. test:tester" : "a Keystone user name") + ")");
        String secret = in.secret(auth);
        String project = in.project(auth);
        String domain = in.optional("domain");
        if (auth == Auth.TEMPAUTH && domain != null) {
            throw in.invalid("domain", "applies to auth keystone-v3 only");
        }
        if (auth == Auth.KEYSTONE_V3 && domain == null) {
            domain = "Default";
        }
        String identity = auth == Auth.TEMPAUTH ? user : domain + ":" + user;
        if (auth == Auth.TEMPAUTH && !user.contains(":")) {
            throw in.invalid("user", "must be account:user for TempAuth (e.g. test:tester)");
        }
        String container = in.optional("container");
        if (container == null) {
            container = JcloudsBackend.CONTAINER;
        }
        if (container.contains("/") || container.length() > MAX_CONTAINER_LENGTH) {
            throw in.invalid("container", "must be a Swift container name: no '/', at most "
                    + MAX_CONTAINER_LENGTH + " characters");
        }

        int retries = in.integer("retries", DEFAULT_RETRIES, 0, MAX_RETRIES);
        Duration deadline = in.duration("deadline", DEFAULT_DEADLINE);
        // The attempts' timeouts share four fifths of the deadline equally; the rest is for what no timeout
        // bounds (building the client, backing off between attempts).
        Duration budget = deadline.multipliedBy(4).dividedBy(5);
        Duration attempt = budget.dividedBy(retries + 1);
        Duration defaultConnect = attempt.dividedBy(2).compareTo(MAX_CONNECT_TIMEOUT) < 0
                ? attempt.dividedBy(2) : MAX_CONNECT_TIMEOUT;
        Duration connectTimeout = in.duration("connectTimeout", defaultConnect);
        Duration readTimeout = in.duration("readTimeout", attempt.minus(connectTimeout).isNegative()
                ? Duration.ofMillis(1) : attempt.minus(connectTimeout));
        if (connectTimeout.plus(readTimeout).multipliedBy(retries + 1).compareTo(budget) > 0) {
            throw in.invalid("deadline", "(" + deadline.toMillis() + " ms) is too short: (retries + 1) x "
                    + "(connectTimeout + readTimeout) = " + connectTimeout.plus(readTimeout)
                    .multipliedBy(retries + 1).toMillis() + " ms must fit in four fifths of it; raise it or "
                    + "lower those");
        }
        long segmentSize = in.size("segmentSize", DEFAULT_SEGMENT_SIZE, MIN_SEGMENT_SIZE, MAX_SEGMENT_SIZE);
        return new SwiftSettings(spec.fsKey(), auth, endpoint, identity, secret, project, domain,
                in.optional("region"), container, connectTimeout, readTimeout, retries, deadline, segmentSize);
    }

    /** What jclouds is told besides the endpoint and the credentials. */
    Properties overrides() {
        // jclouds backs off exponentially from 50 ms; short, so that retries stay inside the deadline.
        Properties properties = JcloudsBackend.bounds(connectTimeout.toMillis(), readTimeout.toMillis(), retries, 50);
        if (auth == Auth.TEMPAUTH) {
            properties.setProperty(KeystoneProperties.CREDENTIAL_TYPE, "tempAuthCredentials");
        } else {
            properties.setProperty(KeystoneProperties.KEYSTONE_VERSION, "3");
            properties.setProperty(KeystoneProperties.CREDENTIAL_TYPE, "passwordCredentials");
            properties.setProperty(KeystoneProperties.SCOPE, "project:" + project);
            properties.setProperty(KeystoneProperties.PROJECT_DOMAIN_NAME, domain);
        }
        return properties;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SwiftSettings[fsKey=" + fsKey + ", auth=" + auth.name + ", endpoint=" + endpoint + ", identity="
                + identity + ", container=" + container + "]";
    }

    /** Reads one spec's parameters, each refusal naming its parameter. */
    private static final class Reader {

        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|k|ki|kib|m|mi|mib|g|gi|gib)");

        private final FilesystemSpec spec;
        private final SpecValues values;

        Reader(FilesystemSpec spec) {
            this.spec = spec;
            this.values = new SpecValues(spec, "swift");
        }

        InvalidFilesystemException invalid(String parameter, String why) {
            return new InvalidFilesystemException("Filesystem '" + spec.fsKey() + "' (protocol swift): parameter '"
                    + parameter + "' " + why);
        }

        String optional(String name) {
            String value = spec.param(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String required(String name, String what) {
            String value = optional(name);
            if (value == null) {
                throw invalid(name, "is required: " + what);
            }
            return value;
        }

        Auth auth() {
            String value = optional("auth");
            if (value == null) {
                return Auth.TEMPAUTH;
            }
            for (Auth auth : Auth.values()) {
                if (auth.name.equals(value.toLowerCase(Locale.ROOT))) {
                    return auth;
                }
            }
            throw invalid("auth", "must be tempauth or keystone-v3, not '" + value + "'");
        }

        URI endpoint() {
            String value = required("endpoint", "the authentication URL (TempAuth: http://host:port/auth/v1.0, "
                    + "Keystone v3: https://host:5000/v3)");
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getUserInfo() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
            throw invalid("endpoint", "must be an http or https URL without user information");
        }

        /** Exactly one of the auth's own name for its secret and the generic {@code secret}. */
        String secret(Auth auth) {
            String own = auth.secretParameter;
            String other = auth == Auth.TEMPAUTH ? Auth.KEYSTONE_V3.secretParameter : Auth.TEMPAUTH.secretParameter;
            if (optional(other) != null) {
                throw invalid(other, "does not apply to auth " + auth.name + "; its secret is '" + own + "'");
            }
            String value = optional(own);
            String generic = optional("secret");
            if (value != null && generic != null) {
                throw invalid("secret", "and '" + own + "' are the same secret; give one of them");
            }
            if (value == null && generic == null) {
                throw invalid(own, "is required (or 'secret'): the " + (auth == Auth.TEMPAUTH ? "TempAuth key"
                        : "Keystone password"));
            }
            return value != null ? value : generic;
        }

        String project(Auth auth) {
            String project = optional("project");
            String tenant = optional("tenant");
            if (project != null && tenant != null && !project.equals(tenant)) {
                throw invalid("tenant", "and 'project' differ; Keystone v3 calls the tenant a project: give one");
            }
            String value = project != null ? project : tenant;
            if (auth == Auth.TEMPAUTH && value != null) {
                throw invalid(project != null ? "project" : "tenant", "applies to auth keystone-v3 only");
            }
            if (auth == Auth.KEYSTONE_V3 && value == null) {
                throw invalid("project", "is required for keystone-v3: the project (tenant) to scope the token to");
            }
            return value;
        }

        int integer(String name, int fallback, int min, int max) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw invalid(name, "must be a whole number from " + min + " to " + max);
        }

        /** As {@link SpecValues#duration}, at most an hour. */
        Duration duration(String name, Duration fallback) {
            Duration duration = values.duration(name, fallback);
            if (duration.compareTo(LONGEST_DURATION) > 0) {
                throw invalid(name, "must be a duration from 1ms to 1h such as 500ms, 10s or PT10S");
            }
            return duration;
        }

        /** Bytes, or with a binary suffix: {@code 16MiB}, {@code 1g}. */
        long size(String name, long fallback, long min, long max) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                try {
                    long n = Long.parseLong(m.group(1));
                    int shift = switch (m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0)) {
                        case 'k' -> 10;
                        case 'm' -> 20;
                        case 'g' -> 30;
                        default -> 0;
                    };
                    if (n <= (max >> shift)) {
                        long bytes = n << shift;
                        if (bytes >= min) {
                            return bytes;
                        }
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
            }
            throw invalid(name, "must be a size from 1MiB to 1GiB, in bytes or with a suffix (16MiB)");
        }
    }
}

package io.fluvius.media.connector.spi.backend;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.fluvius.media.connector.FilesystemSpec;
import io.fluvius.media.connector.InvalidFilesystemException;

/**
 * The parameters of a {@code gcs} filesystem (Google Cloud Storage through the jclouds
 * {@code google-cloud-storage} provider), checked without any network call:
 * <ul>
 * <li>{@code bucket}: the bucket (required);</li>
 * <li>{@code serviceAccount}: the service account's JSON key file, as Google's console hands it out
 *     ({@code "type": "service_account"}, {@code client_email}, {@code private_key}); a secret, stored sealed;</li>
 * <li>{@code endpoint}: another JSON API endpoint than {@code https://www.googleapis.com};</li>
 * <li>{@code partSize} (5 MiB to 256 MiB, default 64 MiB) and {@code parallelParts} (1 to 16, default 2): a write
 *     longer than one part is uploaded in parts composed at the end; Google composes at most 32, so objects are
 *     limited to {@code 32 × partSize} (2 GiB by default);</li>
 * <li>the bounds {@code connectTimeout}, {@code readTimeout}, {@code retries}, {@code deadline}, as for
 *     {@code azure}: all attempts of one request, with the pauses between them, must fit in the deadline.</li>
 * </ul>
 * Messages name the parameter and never carry the key or any part of the JSON.
 */
record GcsSettings(String fsKey, String bucket, String clientEmail, String privateKey, URI endpoint,
                   Duration connectTimeout, Duration readTimeout, int retries, Duration deadline, int partSize,
                   int parallelParts) {

    static final String[] PARAMETERS = {"bucket", "serviceAccount", "endpoint", "connectTimeout", "readTimeout",
            "retries", "deadline", "partSize", "parallelParts"};

    static final String DEFAULT_ENDPOINT = "https://www.googleapis.com";
    static final int DEFAULT_PART_SIZE = 64 * 1024 * 1024;
    static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    static final int MAX_PART_SIZE = 256 * 1024 * 1024;
    static final int DEFAULT_PARALLEL_PARTS = 2;

    /** Google's bucket names: 3 to 63 lower-case letters, digits, '-', '_' and '.', starting and ending alike. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");

    static GcsSettings of(FilesystemSpec spec) {
        var values = new SpecValues(spec, "gcs");
        String bucket = values.required("bucket", "the bucket to store under");
        if (!BUCKET.matcher(bucket).matches()) {
            throw values.invalid("bucket", "is not a bucket name (3 to 63 lower-case letters, digits, '-', '_' or"
                    + " '.', starting and ending with a letter or digit)");
        }
        JsonObject account = serviceAccount(values);
        String clientEmail = member(values, account, "client_email");
        String privateKey = member(values, account, "private_key");
        if (!privateKey.contains("-----BEGIN PRIVATE KEY-----") && !privateKey.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw values.invalid("serviceAccount", "has a private_key that is not a PEM private key");
        }
        URI endpoint = values.endpoint("endpoint", DEFAULT_ENDPOINT, "e.g. " + DEFAULT_ENDPOINT);
        Duration deadline = values.duration("deadline", AzureSettings.DEFAULT_DEADLINE);
        Duration connectTimeout = values.duration("connectTimeout", AzureSettings.DEFAULT_CONNECT_TIMEOUT);
        Duration readTimeout = values.duration("readTimeout", AzureSettings.DEFAULT_READ_TIMEOUT);
        int retries = values.integer("retries", AzureSettings.DEFAULT_RETRIES, 0, 10);
        int partSize = values.size("partSize", DEFAULT_PART_SIZE, MIN_PART_SIZE, MAX_PART_SIZE);
        int parallelParts = values.integer("parallelParts", DEFAULT_PARALLEL_PARTS, 1, 16);
        Duration worstCase = connectTimeout.plus(readTimeout).multipliedBy(retries + 1L)
                .plus(AzureSettings.backoff(retries));
        if (worstCase.compareTo(deadline) > 0) {
            throw values.invalid("deadline", "(" + deadline.toMillis() + " ms) is shorter than (retries + 1) x "
                    + "(connectTimeout + readTimeout) plus the pauses between retries = " + worstCase.toMillis()
                    + " ms; lower the timeouts or retries, or raise the deadline");
        }
        return new GcsSettings(spec.fsKey(), bucket, clientEmail, privateKey, endpoint, connectTimeout, readTimeout,
                retries, deadline, partSize, parallelParts);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "GcsSettings[fsKey=" + fsKey + ", bucket=" + bucket + ", clientEmail=" + clientEmail + ", endpoint="
                + endpoint + "]";
    }

    private static JsonObject serviceAccount(SpecValues values) {
        String json = values.required("serviceAccount", "the service account's JSON key (its whole text)");
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw values.invalid("serviceAccount", "is not JSON (it is the whole text of the service account's key"
                    + " file)");
        }
        if (!parsed.isJsonObject()) {
            throw values.invalid("serviceAccount", "is not a JSON object");
        }
        JsonObject account = parsed.getAsJsonObject();
        JsonElement type = account.get("type");
        if (type != null && !(type.isJsonPrimitive() && "service_account".equals(type.getAsString()))) {
            throw values.invalid("serviceAccount", "is not a service account's key (its \"type\" is not"
                    + " \"service_account\")");
        }
        return account;
    }

    private static String member(SpecValues values, JsonObject account, String name) {
        JsonElement value = account.get(name);
        if (value == null || !value.isJsonPrimitive() || value.getAsString().isBlank()) {
            throw values.invalid("serviceAccount", "has no \"" + name + "\"");
        }
        return value.getAsString();
    }

    static InvalidFilesystemException invalid(String fsKey, String parameter, String why) {
        return SpecValues.invalid(fsKey, "gcs", parameter, why);
    }
}

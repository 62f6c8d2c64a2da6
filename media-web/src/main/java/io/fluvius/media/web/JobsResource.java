package io.fluvius.media.web;

import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.ejb.MediaRole;
import io.fluvius.media.ejb.jobs.JobExecution;
import io.fluvius.media.ejb.jobs.JobPage;
import io.fluvius.media.ejb.jobs.MediaJobs;
import io.fluvius.media.web.http.JsonText;
import io.fluvius.media.web.http.QueryNumbers;

/**
 * {@code /jobs}: batch jobs, through {@link MediaJobs} (implemented by the batch module, which this module never
 * sees). Starting and restarting answer 202 with the execution's address; the job runs on.
 */
@Path("/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    /** What a start or restart answers. */
    @JsonbPropertyOrder({"executionId", "jobName", "status"})
    public record Started(long executionId, String jobName, String status) {
    }

    @EJB
    MediaJobs jobs;

    @Context
    SecurityContext security;

    @Context
    UriInfo uriInfo;

    /** Starts a job with a JSON object of parameters (an empty body: the defaults). */
    @POST
    @Path("{jobName}")
    public Response start(@PathParam("jobName") String jobName, String body) {
        requireAdmin();
        return accepted(jobs.start(jobName, parameters(body)));
    }

    /**
     * Executions of every job, newest first. When more follow: {@code Link: <…>; rel="next"} and
     * {@code "nextCursor"}, as the listing of files gives them; the next link carries that cursor instead of an
     * offset, so that a deep page costs what the first one does. {@code offset} is still accepted.
     */
    @GET
    public Response executions(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                               @QueryParam("cursor") String cursor) {
        requireAdmin();
        JobPage page = jobs.page((int) Math.min(QueryNumbers.nonNegative("limit", limit, 0), Integer.MAX_VALUE),
                QueryNumbers.nonNegative("offset", offset, 0), cursor == null || cursor.isBlank() ? null : cursor);
        return new ItemPage<>(page.items(), page.limit(), page.offset(), page.nextCursor()).response(uriInfo);
    }

    @GET
    @Path("{executionId}")
    public JobExecution execution(@PathParam("executionId") String executionId) {
        requireAdmin();
        return jobs.get(executionId(executionId));
    }

    @POST
    @Path("{executionId}/stop")
    public Response stop(@PathParam("executionId") String executionId) {
        requireAdmin();
        return accepted(jobs.stop(executionId(executionId)));
    }

    @POST
    @Path("{executionId}/restart")
    public Response restart(@PathParam("executionId") String executionId) {
        requireAdmin();
        return accepted(jobs.restart(executionId(executionId)));
    }

    private Response accepted(JobExecution execution) {
        return Response.accepted(started(execution)).location(location(execution)).build();
    }

    private static Started started(JobExecution execution) {
        return new Started(execution.executionId(), execution.jobName(), execution.status());
    }

    private URI location(JobExecution execution) {
        return uriInfo.getBaseUriBuilder().path(JobsResource.class).path("{executionId}")
                .build(execution.executionId());
    }

    /** A JSON object whose values are strings, numbers or booleans, as the job's parameters. */
    private static Map<String, String> parameters(String body) {
        var params = new LinkedHashMap<String, String>();
        if (body == null || body.isBlank()) {
            return params;
        }
        JsonObject object = JsonText.object(body); // malformed: a JsonException, answered 400 media.malformed-json
        object.forEach((name, value) -> params.put(name, text(name, value)));
        return params;
    }

    private static String text(String name, JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> plain(((JsonNumber) value).bigDecimalValue());
            case TRUE, FALSE -> value.toString();
            default -> throw new InvalidMediaRequestException("media.invalid-job-parameter",
                    "The parameter '" + name + "' must be a string, a number or a boolean");
        };
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static long executionId(String executionId) {
        if (executionId.isEmpty() || executionId.length() > 18 || !executionId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidMediaRequestException("media.invalid-execution-id",
                    "An execution id is a number, was '" + executionId + "'");
        }
        return Long.parseLong(executionId);
    }

    /** Checked here too, before the body is read: a caller without the role learns nothing of the jobs. */
    private void requireAdmin() {
        String role = MediaRole.ADMIN.roleName();
        if (!security.isUserInRole(role)) {
            throw new MediaAccessDeniedException("Jobs need the role " + role);
        }
    }
}

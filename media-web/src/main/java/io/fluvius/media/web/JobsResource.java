package io.fluvius.media.web;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaAccessDeniedException;
import io.fluvius.media.ejb.MediaRole;

/**
 * {@code /jobs}: batch jobs. Until the batch module lands, every call is checked (role, job name, execution
 * id) and then answered 501, so that callers can already code against the contract's errors.
 */
@Path("/jobs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    /** The jobs of API.md §3. */
    public static final List<String> JOB_NAMES = List.of(
            "bulk-copy", "compress-sweep", "dedup-sweep", "verify-sweep", "orphan-gc");

    @Context
    SecurityContext security;

    /** Starts a job with a JSON object of parameters. */
    @POST
    @Path("{jobName}")
    public Response start(@PathParam("jobName") String jobName) {
        requireAdmin();
        if (!JOB_NAMES.contains(jobName)) {
            throw new InvalidMediaRequestException("media.unknown-job",
                    "Unknown job '" + jobName + "'; the jobs are " + String.join(", ", JOB_NAMES));
        }
        throw notYet();
    }

    @GET
    public Response executions() {
        requireAdmin();
        throw notYet();
    }

    @GET
    @Path("{executionId}")
    public Response execution(@PathParam("executionId") String executionId) {
        requireAdmin();
        if (!executionId.chars().allMatch(Character::isDigit) || executionId.isEmpty()) {
            throw new InvalidMediaRequestException("media.invalid-execution-id",
                    "An execution id is a number, was '" + executionId + "'");
        }
        throw notYet();
    }

    /** The service checks the roles of every other operation; jobs have no service operation yet. */
    private void requireAdmin() {
        String role = MediaRole.ADMIN.roleName();
        if (!security.isUserInRole(role)) {
            throw new MediaAccessDeniedException("Jobs need the role " + role);
        }
    }

    private static MediaNotImplementedException notYet() {
        return new MediaNotImplementedException(
                "Batch jobs are not available yet: they arrive with the batch module (media-batch)");
    }
}

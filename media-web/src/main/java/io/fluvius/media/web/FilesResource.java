package io.fluvius.media.web;

import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.ejb.MediaServiceLocal;

/** {@code /files}: upload, download, metadata, delete. HTTP concerns only; the work is the service's. */
@Path("/files")
@RequestScoped
public class FilesResource {

    @EJB
    MediaServiceLocal media;

    @Context
    UriInfo uriInfo;

    /** A raw upload: the body is the file, the fields are query parameters. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body,
                           @QueryParam("filename") String filename,
                           @QueryParam("fsKey") String fsKey,
                           @QueryParam("compress") String compress,
                           @QueryParam("resource") String resource,
                           @QueryParam("resourceId") String resourceId,
                           @QueryParam("mimeType") String mimeType) {
        var options = new PutOptions(filename, fsKey, compress, resource, resourceId, mimeType, Map.of(), null);
        MediaEntry entry = media.put(body, options);
        URI location = uriInfo.getBaseUriBuilder().path(FilesResource.class).path(entry.getId().toString()).build();
        return Response.created(location).entity(entry).build();
    }

    @GET
    @Path("{id}/metadata")
    @Produces(MediaType.APPLICATION_JSON)
    public MediaEntry metadata(@PathParam("id") String id) {
        return media.getMetadata(parseId(id));
    }

    @GET
    @Path("{id}")
    public Response download(@PathParam("id") String id) {
        MediaEntry entry = media.getMetadata(parseId(id));
        StreamingOutput body = out -> {
            try (InputStream in = media.open(entry.getId())) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, entry.getFilemime())
                .header("Content-Length", entry.getLength())
                .tag(new EntityTag(entry.getFilehash()))
                .header("Accept-Ranges", "bytes")
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        media.delete(parseId(id));
        return Response.noContent().build();
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidMediaRequestException("media.invalid-id", "'" + id + "' is not a UUID");
        }
    }
}

package io.fluvius.media.web;

import java.net.URI;
import java.util.Map;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.ejb.MediaServiceLocal;

/**
 * {@code /filesystems}: the registered filesystems. What they show of their parameters is
 * {@link MediaFilesystem#getParams()}, which never holds a secret.
 */
@Path("/filesystems")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FilesystemsResource {

    /** The body of a registration. */
    public record Registration(String fsKey, String protocol, String name, Map<String, String> params) {
    }

    @EJB
    MediaServiceLocal media;

    @Context
    UriInfo uriInfo;

    @GET
    public ItemList<MediaFilesystem> list() {
        return new ItemList<>(media.listFilesystems());
    }

    @GET
    @Path("{fsKey}")
    public MediaFilesystem get(@PathParam("fsKey") String fsKey) {
        return media.listFilesystems().stream()
                .filter(filesystem -> filesystem.getFsKey().equals(fsKey))
                .findFirst()
                .orElseThrow(() -> MediaNotFoundException.filesystem(fsKey));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(Registration registration) {
        if (registration == null) {
            throw new InvalidMediaRequestException("A registration needs a JSON body: {\"fsKey\",\"protocol\",\"name\",\"params\":{…}}");
        }
        MediaFilesystem registered = media.registerFilesystem(registration.fsKey(), registration.protocol(),
                registration.name(), registration.params());
        URI location = uriInfo.getBaseUriBuilder().path(FilesystemsResource.class).path("{fsKey}")
                .build(registered.getFsKey());
        return Response.created(location).entity(registered).build();
    }
}

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

import io.fluvius.media.core.FilesystemInfo;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaFilesystem;
import io.fluvius.media.ejb.MediaServiceLocal;

/**
 * {@code /filesystems}: every filesystem, the connection definitions of the server configuration and those
 * registered at run time, as {@link FilesystemInfo}, which never holds a secret parameter.
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
    public ItemList<FilesystemInfo> list() {
        return new ItemList<>(media.listFilesystems());
    }

    @GET
    @Path("{fsKey}")
    public FilesystemInfo get(@PathParam("fsKey") String fsKey) {
        return media.describeFilesystem(fsKey);
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
        return Response.created(location).entity(FilesystemInfo.registered(registered)).build();
    }
}

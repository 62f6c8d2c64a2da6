package io.fluvius.media.web;

import java.time.Duration;
import java.util.List;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.fluvius.media.core.links.LinkKeyInfo;
import io.fluvius.media.ejb.MediaServiceLocal;
import io.fluvius.media.web.http.QueryNumbers;

/**
 * {@code /link-keys} (media-admin): the keys that sign download links, and their rotation. {@code POST} makes a
 * new key current; links signed before keep working for {@code overlap} seconds (default
 * {@code media.links.key-overlap}; 0 revokes them at once). Ids and dates only: a key's secret never leaves the
 * database, where it is sealed with the master key.
 */
@Path("/link-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LinkKeysResource {

    @EJB
    MediaServiceLocal media;

    @GET
    public ItemList<LinkKeyInfo> list() {
        return new ItemList<>(media.listLinkKeys());
    }

    @POST
    public Response rotate(@QueryParam("overlap") String overlap) {
        Duration kept = overlap == null || overlap.isBlank() ? null
                : Duration.ofSeconds(QueryNumbers.seconds("media.invalid-request", "overlap", overlap));
        return Response.status(Response.Status.CREATED).entity(media.rotateLinkKey(kept)).build();
    }
}

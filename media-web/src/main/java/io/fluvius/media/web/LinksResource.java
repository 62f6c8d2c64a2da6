package io.fluvius.media.web;

import java.net.URI;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.fluvius.media.core.EntryContent;
import io.fluvius.media.core.links.SignedLink;
import io.fluvius.media.ejb.MediaServiceLocal;

/**
 * {@code /links/{id}}: a file by signed link, to anyone holding it, until it expires. GET and HEAD only, with the
 * headers, ranges and validators of {@code /files/{id}}; any other method is a 405. Open to anonymous callers
 * (web.xml): the link is the credential, and the service checks it on every request.
 */
@Path("/links")
@RequestScoped
public class LinksResource {

    @EJB
    MediaServiceLocal media;

    @Inject
    WebSettings settings;

    @Context
    HttpHeaders headers;

    @GET
    @Path("{id}")
    public Response download(@PathParam("id") String id, @QueryParam("expires") String expires,
                             @QueryParam("key") String key, @QueryParam("signature") String signature,
                             @QueryParam("disposition") String disposition) {
        return answer(SignedLink.of(FilesResource.parseId(id), expires, key, signature), disposition, true);
    }

    @HEAD
    @Path("{id}")
    public Response head(@PathParam("id") String id, @QueryParam("expires") String expires,
                         @QueryParam("key") String key, @QueryParam("signature") String signature,
                         @QueryParam("disposition") String disposition) {
        return answer(SignedLink.of(FilesResource.parseId(id), expires, key, signature), disposition, false);
    }

    /** The absolute URL of a link: under {@code media.links.base-url} when set, else where the request came. */
    static URI url(WebSettings settings, UriInfo request, SignedLink link) {
        URI base = settings.linkBase().orElseGet(request::getBaseUri);
        return base.resolve("links/" + link.fileId() + "?" + link.query());
    }

    /** One service call, which checks the link: as {@code /files/{id}} answers, from what it looked up. */
    private Response answer(SignedLink link, String disposition, boolean withBody) {
        EntryContent content = media.linkedContent(link);
        return FileDownload.answer(content.entry(), settings.servingPolicy(), disposition, headers::getHeaderString,
                withBody ? FileDownload.streaming(content) : null);
    }
}

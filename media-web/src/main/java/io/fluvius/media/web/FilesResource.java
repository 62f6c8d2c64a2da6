package io.fluvius.media.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fluvius.media.core.EntryContent;
import io.fluvius.media.core.FilePage;
import io.fluvius.media.core.FileQuery;
import io.fluvius.media.core.InvalidMediaRequestException;
import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.MediaNotFoundException;
import io.fluvius.media.core.MediaSettings;
import io.fluvius.media.core.MediaSourceException;
import io.fluvius.media.core.MediaTooLargeException;
import io.fluvius.media.core.links.SignedLink;
import io.fluvius.media.ejb.MediaServiceLocal;
import io.fluvius.media.web.http.ContentDigest;
import io.fluvius.media.web.http.ContentDisposition;
import io.fluvius.media.web.http.QueryNumbers;
import io.fluvius.media.web.upload.DeclaredLengthStream;
import io.fluvius.media.web.upload.FormUpload;
import io.fluvius.media.web.upload.MultipartFormStream;
import io.fluvius.media.web.upload.UploadFields;

/**
 * {@code /files}: upload (multipart or raw), list, download with ranges and validators, metadata, copy,
 * delete. HTTP concerns only; the work, and every role check, is the service's.
 */
@Path("/files")
@RequestScoped
public class FilesResource {

    @EJB
    MediaServiceLocal media;

    @Inject
    @ConfigProperty(name = "media.max-file-size")
    Optional<Long> maxFileSize;

    @Inject
    WebSettings settings;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    /**
     * A form upload: text fields, then the part {@code file}, streamed into the store as it arrives. The
     * fields may also be query parameters. A {@code Content-Digest} on the file part is that file's; one on
     * the request is the whole body's; both are verified before the entry exists.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response uploadForm(InputStream body) {
        refuseDeclaredOversize(MultipartFormStream.OVERHEAD_LIMIT);
        FormUpload form;
        try {
            form = FormUpload.read(uploadBody(body), headers.getMediaType().getParameters().get("boundary"),
                    header("Content-Digest"), UploadFields.fromQuery(uriInfo.getQueryParameters()));
        } catch (IOException e) {
            throw new MediaSourceException(0, e);
        }
        return created(media.put(form.content(), form.options()));
    }

    /**
     * A raw upload: the body is the file; the fields are query parameters, the file name may come from
     * {@code Content-Disposition}, the MIME type from {@code Content-Type}.
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body) {
        refuseDeclaredOversize(0);
        var options = UploadFields.fromQuery(uriInfo.getQueryParameters()).toOptions(
                ContentDisposition.filename(header(HttpHeaders.CONTENT_DISPOSITION)).orElse(null),
                header(HttpHeaders.CONTENT_TYPE),
                ContentDigest.sha256Hex(header("Content-Digest")).orElse(null));
        return created(media.put(uploadBody(body), options));
    }

    /**
     * A page of entries, oldest first. When more follow: {@code Link: <…>; rel="next"} and
     * {@code "nextCursor"}; the next link carries that cursor instead of an offset, so that walking deep
     * into a long listing costs every page what the first one costs. {@code offset} is still accepted.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("resource") String resource,
                         @QueryParam("resourceId") String resourceId,
                         @QueryParam("fsKey") String fsKey,
                         @QueryParam("limit") String limit,
                         @QueryParam("offset") String offset,
                         @QueryParam("cursor") String cursor) {
        var query = new FileQuery(blankToNull(resource), blankToNull(resourceId), blankToNull(fsKey));
        // The service applies the default and the cap; the page says which limit it used.
        int requested = (int) Math.min(QueryNumbers.nonNegative("limit", limit, 0), Integer.MAX_VALUE);
        FilePage page = media.listPage(query, requested, QueryNumbers.nonNegative("offset", offset, 0), blankToNull(cursor));
        return new ItemPage<>(page.items(), page.limit(), page.offset(), page.nextCursor()).response(uriInfo);
    }

    /**
     * The original bytes: validators, one range, conditional requests; {@code ?disposition=attachment} (or
     * {@code inline}) names the file for saving.
     */
    @GET
    @Path("{id}")
    public Response download(@PathParam("id") String id, @QueryParam("disposition") String disposition) {
        return answer(id, disposition, true);
    }

    /** The headers of {@link #download} without the body. */
    @HEAD
    @Path("{id}")
    public Response head(@PathParam("id") String id, @QueryParam("disposition") String disposition) {
        return answer(id, disposition, false);
    }

    @GET
    @Path("{id}/metadata")
    @Produces(MediaType.APPLICATION_JSON)
    public MediaEntry metadata(@PathParam("id") String id) {
        return media.getMetadata(parseId(id));
    }

    /**
     * A signed link to the file, for anyone who holds it, until it expires: {@code ttl} seconds from the query or
     * from a JSON body {@code {"ttl": n}} (default {@code media.links.default-ttl}). Any role that may read the
     * file may make one.
     */
    @POST
    @Path("{id}/links")
    @Produces(MediaType.APPLICATION_JSON)
    public Response link(@PathParam("id") String id, @QueryParam("ttl") String ttl, InputStream body) throws IOException {
        // Boxed on both sides: a body without a ttl gives null (the default), which must not be unboxed.
        Long seconds = ttl != null && !ttl.isBlank() ? Long.valueOf(QueryNumbers.seconds("media.invalid-ttl", "ttl", ttl))
                : LinkRequest.ttlFrom(body);
        SignedLink link = media.createLink(parseId(id), seconds == null ? null : Duration.ofSeconds(seconds));
        URI url = LinksResource.url(settings, uriInfo, link);
        return Response.created(url).entity(new LinkRequest.Created(url.toString(), link.expires()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** A copy on filesystem {@code fsKey} (the same one when absent). */
    @POST
    @Path("{id}/copy")
    @Produces(MediaType.APPLICATION_JSON)
    public Response copy(@PathParam("id") String id, @QueryParam("fsKey") String fsKey) {
        return created(media.copy(parseId(id), blankToNull(fsKey)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        UUID uuid = parseId(id);
        if (!media.delete(uuid)) {
            throw MediaNotFoundException.entry(uuid);
        }
        return Response.noContent().build();
    }

    /** One service call: the entry answers the headers, and its bytes are opened only when a body goes out. */
    private Response answer(String id, String disposition, boolean withBody) {
        EntryContent content = media.content(parseId(id));
        return FileDownload.answer(content.entry(), settings.servingPolicy(), disposition, this::header,
                withBody ? FileDownload.streaming(content) : null);
    }

    private Response created(MediaEntry entry) {
        URI location = uriInfo.getBaseUriBuilder().path(FilesResource.class).path("{id}").build(entry.getId());
        return Response.created(location).entity(entry).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** A body whose declared length alone exceeds the limit is refused before a byte of it is read. */
    private void refuseDeclaredOversize(long overhead) {
        long limit = maxFileSize.orElse(MediaSettings.DEFAULTS.maxFileSize());
        OptionalLong declared = declaredLength();
        if (declared.isPresent() && declared.getAsLong() > limit + overhead) {
            throw new MediaTooLargeException(limit, "The body of " + declared.getAsLong()
                    + " bytes exceeds the maximum file size of " + limit + " bytes (media.max-file-size)");
        }
    }

    /** The request's {@code Content-Length}, if it has one (a chunked body has none). */
    private OptionalLong declaredLength() {
        String declared = header(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || declared.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(declared.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // the server rejects a malformed Content-Length before we get here
        }
    }

    /**
     * An upload's body as the service reads it: as long as it declared (a connection that a timeout ended must not
     * look like the end of the file) and arriving at the configured minimum rate.
     */
    private InputStream uploadBody(InputStream body) {
        return settings.uploadBody(DeclaredLengthStream.of(body, declaredLength()));
    }

    private String header(String name) {
        return headers.getHeaderString(name);
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidMediaRequestException("media.invalid-id", "'" + id + "' is not a UUID");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

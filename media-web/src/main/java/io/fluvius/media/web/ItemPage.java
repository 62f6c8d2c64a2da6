package io.fluvius.media.web;

import java.util.List;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A page of a listing: {@code {"items":[…],"limit":n,"offset":n,"nextCursor":"…"}}; {@code nextCursor} is
 * {@code null} on the last page and is what the {@code Link: rel="next"} URL carries.
 */
@JsonbPropertyOrder({"items", "limit", "offset", "nextCursor"})
public record ItemPage<T>(List<T> items, int limit, long offset, String nextCursor) {

    /**
     * This page as a 200 response; when more follow, with {@code Link: <…>; rel="next"}: the request's URL with
     * this page's limit and the cursor in place of any offset, so that a deep page costs what the first one does.
     */
    Response response(UriInfo request) {
        var response = Response.ok(this);
        if (nextCursor != null) {
            response.link(request.getRequestUriBuilder()
                    .replaceQueryParam("limit", limit)
                    .replaceQueryParam("offset")
                    .replaceQueryParam("cursor", nextCursor)
                    .build(), "next");
        }
        return response.build();
    }
}

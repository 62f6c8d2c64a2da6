package io.fluvius.media.web;

import java.util.List;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A page of a listing: {@code {"items":[…],"limit":n,"offset":n,"nextCursor":"…"}}; {@code nextCursor} is
 * {@code null} on the last page and is what the {@code Link: rel="next"} URL carries.
 */
@JsonbPropertyOrder({"items", "limit", "offset", "nextCursor"})
public record ItemPage<T>(List<T> items, int limit, long offset, String nextCursor) {
}

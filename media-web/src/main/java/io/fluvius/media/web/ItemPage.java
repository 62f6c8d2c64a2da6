package io.fluvius.media.web;

import java.util.List;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A page of a listing: {@code {"items":[…],"limit":n,"offset":n}}. */
@JsonbPropertyOrder({"items", "limit", "offset"})
public record ItemPage<T>(List<T> items, int limit, long offset) {
}

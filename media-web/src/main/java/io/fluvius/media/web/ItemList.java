package io.fluvius.media.web;

import java.util.List;

/** A complete listing: {@code {"items":[…]}}. */
public record ItemList<T>(List<T> items) {
}

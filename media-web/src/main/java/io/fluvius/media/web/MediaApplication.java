package io.fluvius.media.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API, under {@code /media/api}. */
@ApplicationPath("/api")
public class MediaApplication extends Application {
}

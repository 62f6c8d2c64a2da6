package io.fluvius.media.bench;

/** Where media.ear publishes its service (the EAR is "media", the EJB module "media-ejb"). */
final class MediaLookup {

    static final String LOCAL = "java:global/media/media-ejb/MediaService!io.fluvius.media.ejb.MediaServiceLocal";

    private MediaLookup() {
    }
}

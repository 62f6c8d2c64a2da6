package io.fluvius.media.core;

/** The SHA-256 the caller declared differs from the one of the bytes received. */
public class ChecksumMismatchException extends RuntimeException implements MediaException {

    public ChecksumMismatchException(String expected, String actual) {
        super("Declared SHA-256 " + expected + " does not match the received content's " + actual);
    }

    @Override
    public String code() {
        return "media.checksum-mismatch";
    }
}

package io.fluvius.media.connector.spi.backend;

import org.jclouds.logging.Logger;
import org.jclouds.logging.config.LoggingModule;
import org.jclouds.logging.jdk.JDKLogger;

/**
 * jclouds' logging through java.util.logging (as its JDKLoggingModule), with one filesystem's secret masked
 * wherever jclouds would print it. jclouds traces every API call with its arguments, and Swift's TempAuth
 * and Keystone calls take the credentials as one: with {@code org.jclouds} at TRACE the key would be in the
 * server log. Messages and the messages of logged exceptions are masked; nothing else changes.
 */
final class SecretMaskingLoggingModule extends LoggingModule {

    static final String MASK = "****";

    private final String secret;

    /** @param secret masked wherever it appears; {@code null} or blank: nothing to mask */
    SecretMaskingLoggingModule(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret;
    }

    @Override
    public Logger.LoggerFactory createLoggerFactory() {
        return category -> new MaskingLogger(java.util.logging.Logger.getLogger(category), secret);
    }

    private static final class MaskingLogger extends JDKLogger {

        private final String secret;

        MaskingLogger(java.util.logging.Logger logger, String secret) {
            super(logger);
            this.secret = secret;
        }

        @Override
        protected void logTrace(String message) {
            super.logTrace(mask(message));
        }

        @Override
        protected void logDebug(String message) {
            super.logDebug(mask(message));
        }

        @Override
        protected void logInfo(String message) {
            super.logInfo(mask(message));
        }

        @Override
        protected void logWarn(String message) {
            super.logWarn(mask(message));
        }

        @Override
        protected void logWarn(String message, Throwable failure) {
            super.logWarn(mask(message), mask(failure));
        }

        @Override
        protected void logError(String message) {
            super.logError(mask(message));
        }

        @Override
        protected void logError(String message, Throwable failure) {
            super.logError(mask(message), mask(failure));
        }

        private String mask(String text) {
            return secret == null || text == null ? text : text.replace(secret, MASK);
        }

        /** The failure itself when no message of its chain holds the secret, else a masked copy of the chain. */
        private Throwable mask(Throwable failure) {
            if (secret == null || failure == null || !mentionsSecret(failure)) {
                return failure;
            }
            RuntimeException copy = new RuntimeException(mask(failure.toString()), mask(failure.getCause()));
            copy.setStackTrace(failure.getStackTrace());
            return copy;
        }

        private boolean mentionsSecret(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t.toString().contains(secret)) {
                    return true;
                }
            }
            return false;
        }
    }
}

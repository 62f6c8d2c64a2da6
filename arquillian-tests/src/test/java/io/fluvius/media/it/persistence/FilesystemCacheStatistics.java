package io.fluvius.media.it.persistence;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The statistics of the {@code filesystems} cache as the server's management model has them, the resource
 * {@code /subsystem=infinispan/cache-container=media/cache=filesystems} (include-runtime), read in the
 * server through the platform MBean server on which WildFly's JMX subsystem shows the model.
 */
record FilesystemCacheStatistics(long hits, long misses, long writes, long removeHits, long removeMisses) {

    private static final String RESOURCE = "jboss.as:subsystem=infinispan,cache-container=media,cache=filesystems";

    static FilesystemCacheStatistics now() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName cache = new ObjectName(RESOURCE);
        return new FilesystemCacheStatistics(
                number(server, cache, "hits"),
                number(server, cache, "misses"),
                number(server, cache, "writes"),
                number(server, cache, "removeHits"),
                number(server, cache, "removeMisses"));
    }

    /** What happened since {@code before}. */
    FilesystemCacheStatistics since(FilesystemCacheStatistics before) {
        return new FilesystemCacheStatistics(hits - before.hits, misses - before.misses, writes - before.writes,
                removeHits - before.removeHits, removeMisses - before.removeMisses);
    }

    private static long number(MBeanServer server, ObjectName cache, String attribute) throws JMException {
        return ((Number) server.getAttribute(cache, attribute)).longValue();
    }
}

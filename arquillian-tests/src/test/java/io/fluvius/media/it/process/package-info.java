/**
 * Tests that run real WildFly servers as child processes, so that they can kill -9 and restart them, or run two of
 * them as one cluster: {@link io.fluvius.media.it.process.ServerProcess} (one server, from a
 * {@link io.fluvius.media.it.process.ServerSpec}), {@link io.fluvius.media.it.process.TwoServers} (two nodes of
 * standalone-media-ha.xml on one PostgreSQL database). Plain JUnit 5, no Arquillian; every test class carries the tag
 * {@code server-process}, by which the failsafe executions {@code server-processes} (this module's server, H2) and
 * {@code server-processes-postgresql} (its PostgreSQL copy) select them, after the Arquillian suite and never beside
 * it. Port offsets 200 and 300: the Arquillian server keeps 100, a started application 0.
 * <pre>
 * mvn verify -pl arquillian-tests -Dit.test=CrashDurabilityIT                    # H2
 * MEDIA_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/media \
 *     mvn verify -pl arquillian-tests -Dit.test='CrashDurabilityIT,TwoServersIT'   # and PostgreSQL
 * </pre>
 * Each server's files (configuration copy, deployments, data, console log) stay in target/servers/ after the run.
 */
package io.fluvius.media.it.process;

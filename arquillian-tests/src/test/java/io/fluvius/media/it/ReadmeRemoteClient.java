package io.fluvius.media.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import javax.naming.Context;
import javax.naming.InitialContext;

import io.fluvius.media.core.MediaEntry;
import io.fluvius.media.core.PutOptions;
import io.fluvius.media.ejb.MediaServiceRemote;

/**
 * The client of README's "Remote EJB clients", as a program of its own: RemoteClientIT runs it in a JVM with
 * nothing but the README's wildfly-config.xml to find and authenticate to the server. Between the markers,
 * the code the README shows.
 */
public final class ReadmeRemoteClient {

    private ReadmeRemoteClient() {
    }

    /** Puts the file {@code args[0]}, reads it back, and prints the entry's id and SHA-256 and the bytes read. */
    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        // README: from here
        Properties jndi = new Properties();
        jndi.put(Context.INITIAL_CONTEXT_FACTORY, "org.wildfly.naming.client.WildFlyInitialContextFactory");
        Context context = new InitialContext(jndi);
        MediaServiceRemote media = (MediaServiceRemote) context.lookup(
                "ejb:media/media-ejb/MediaService!io.fluvius.media.ejb.MediaServiceRemote");

        MediaEntry entry = media.put(bytes, PutOptions.named("report.pdf"));   // as the user of wildfly-config.xml
        byte[] back = media.get(entry.getId());
        // README: to here
        context.close();
        System.out.println("entry " + entry.getId() + " " + entry.getFilehash());
        System.out.println("read " + MediaApi.sha256Hex(back));
    }
}

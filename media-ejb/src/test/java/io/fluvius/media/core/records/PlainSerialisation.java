package io.fluvius.media.core.records;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Java serialisation as a remote EJB client sees it: an object comes back only when every class in its stream
 * is the JDK's or the product's. A class of the server's own libraries (the persistence provider's
 * collections) fails the read, as it fails a client that lacks it.
 */
public final class PlainSerialisation {

    private PlainSerialisation() {
    }

    public static Object roundTrip(Serializable value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
                String name = descriptor.getName();
                if (!name.startsWith("java.") && !name.startsWith("io.fluvius.media.") && !name.startsWith("[")) {
                    throw new InvalidClassException(name, "not a class a remote client has");
                }
                return super.resolveClass(descriptor);
            }
        }) {
            return in.readObject();
        }
    }
}

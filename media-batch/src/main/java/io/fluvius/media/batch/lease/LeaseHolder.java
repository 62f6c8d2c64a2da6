package io.fluvius.media.batch.lease;

import java.util.Objects;
import java.util.UUID;

/**
 * The server that holds a lease: its node name ({@code jboss.node.name}, distinct on every server sharing the
 * database) and the id of this start of the application on it. A lease of the same node under another boot id
 * belongs to a start that is over: that server was killed, or the application redeployed, and it runs nothing now.
 *
 * @param node its node name, at most 255 characters
 * @param boot a fresh id per start, at most 36 characters
 */
public record LeaseHolder(String node, String boot) {

    public LeaseHolder {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(boot, "boot");
        if (node.isBlank() || node.length() > 255 || boot.isBlank() || boot.length() > 36) {
            throw new IllegalArgumentException("A lease holder needs a node name of 1 to 255 characters and a boot"
                    + " id of 1 to 36, was '" + node + "', '" + boot + "'");
        }
    }

    /** This node, started just now. */
    public static LeaseHolder startingOn(String node) {
        return new LeaseHolder(node, UUID.randomUUID().toString());
    }

    /** The same node, started another time before this one. */
    public boolean isEarlierStartOf(LeaseHolder other) {
        return node.equals(other.node) && !boot.equals(other.boot);
    }

    @Override
    public String toString() {
        return node + " (start " + boot.substring(0, Math.min(8, boot.length())) + ")";
    }
}

package io.p3.atlas.server.node;

/**
 * One write to a wallet's node metrics, as handed to the store. Writes are applied in group-commit batches
 * (see {@link NodeStore#write}): {@code bytes} and {@code tasks} are added to the wallet's row of the day
 * (UTC) the batch runs and to the node's lifetime totals; a {@code heartbeat} also adds the uptime since the
 * wallet's previous heartbeat (split at UTC midnight), records its time and, unless {@code peersConnected}
 * is null (a relay's heartbeat), replaces the day's peer count.
 *
 * @param wallet         the normalized wallet address
 * @param bytes          bytes to add (not negative)
 * @param tasks          tasks to add (not negative)
 * @param heartbeat      whether this is a heartbeat
 * @param peersConnected the peer count of a heartbeat; null keeps the day's (always null when not a heartbeat)
 */
public record NodeUpdate(String wallet, long bytes, long tasks, boolean heartbeat, Integer peersConnected) {

    public NodeUpdate {
        if (bytes < 0 || tasks < 0) {
            throw new IllegalArgumentException("bytes and tasks must not be negative");
        }
        if (!heartbeat && peersConnected != null) {
            throw new IllegalArgumentException("only a heartbeat sets the peer count");
        }
    }

    /** A node's heartbeat now, with its peer count. */
    public static NodeUpdate heartbeat(String wallet, int peersConnected) {
        return new NodeUpdate(wallet, 0, 0, true, peersConnected);
    }

    /** Bytes served and tasks completed, credited to today. */
    public static NodeUpdate contentServed(String wallet, long bytes, long tasks) {
        return new NodeUpdate(wallet, bytes, tasks, false, null);
    }

    /** Both at once: a heartbeat keeping today's peer count that also adds bytes and tasks (a relay's report). */
    public static NodeUpdate heartbeatWithContent(String wallet, long bytes, long tasks) {
        return new NodeUpdate(wallet, bytes, tasks, true, null);
    }
}

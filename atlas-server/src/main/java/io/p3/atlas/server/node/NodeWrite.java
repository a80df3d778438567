package io.p3.atlas.server.node;

/**
 * One write to a wallet's node metrics. Writes are applied in group-commit batches (see
 * {@link NodeStore#write}): {@code bytes} and {@code tasks} are added to the wallet's row of the day
 * (UTC) the batch runs; a {@code heartbeat} also adds the uptime since the wallet's previous heartbeat
 * (split at UTC midnight), records its time and replaces the day's {@code peersConnected}. Other kinds of
 * writes that credit node metrics (e.g. relayed bytes) are content writes and join the same batches.
 *
 * @param wallet         the normalized wallet address
 * @param bytes          bytes to add (not negative)
 * @param tasks          tasks to add (not negative)
 * @param heartbeat      whether this is a heartbeat
 * @param peersConnected the peer count of a heartbeat (ignored otherwise)
 */
public record NodeWrite(String wallet, long bytes, long tasks, boolean heartbeat, int peersConnected) {

    public NodeWrite {
        if (bytes < 0 || tasks < 0) {
            throw new IllegalArgumentException("bytes and tasks must not be negative");
        }
    }

    /** A heartbeat now, with the node's peer count. */
    public static NodeWrite heartbeat(String wallet, int peersConnected) {
        return new NodeWrite(wallet, 0, 0, true, peersConnected);
    }

    /** Bytes served and tasks completed, credited to today. */
    public static NodeWrite contentServed(String wallet, long bytes, long tasks) {
        return new NodeWrite(wallet, bytes, tasks, false, 0);
    }
}

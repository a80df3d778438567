package io.p3.atlas.server.node;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One group-commit batch of node writes, coalesced per wallet: whatever the number of writes, the
 * store adds one row per wallet and day, and updates each wallet's node row (lifetime totals, last
 * heartbeat) once, in the same transaction.
 *
 * <p>The replies are those of a serial order: per wallet its heartbeats with a peer count first, then
 * those without (a relay's), then its other writes, each group in submission order. All writes of a batch
 * share one time, read once the wallets' node rows are locked, so a wallet's first heartbeat in the batch
 * adds the uptime since its previous one and the others add none: uptime stays exactly the span of the
 * heartbeats, as if they were applied one by one.
 */
final class NodeBatch {
    private final List<NodeUpdate> writes;
    private final Map<String, Wallet> wallets = new TreeMap<>();
    private LocalDate today;
    private Instant now;

    /** One row to add to: counters to add and, for a heartbeat's own day, its peer count and time. */
    record DailyDelta(String wallet, LocalDate day, long bytes, long tasks, long uptimeMs, Integer peers,
                      Instant heartbeatAt) {
    }

    /** What a wallet's node row gains: lifetime totals and, if it beat, the heartbeat time. */
    record NodeDelta(String wallet, long bytes, long tasks, long uptimeMs, Instant heartbeatAt) {
    }

    /** One wallet's writes in the batch. */
    private static final class Wallet {
        final List<Integer> serial = new ArrayList<>(1);
        long bytes;
        long tasks;
        boolean heartbeat;
        Integer peers;
        boolean created;
        Instant previous;
        long uptime;
        long todayUptime;
    }

    NodeBatch(List<NodeUpdate> writes) {
        this.writes = writes;
        for (int i = 0; i < writes.size(); i++) {
            NodeUpdate w = writes.get(i);
            Wallet acc = wallets.computeIfAbsent(w.wallet(), k -> new Wallet());
            acc.bytes += w.bytes();
            acc.tasks += w.tasks();
            acc.serial.add(i);
            if (w.heartbeat()) {
                acc.heartbeat = true;
                if (w.peersConnected() != null) {
                    acc.peers = w.peersConnected(); // the last in serial order wins
                }
            }
        }
        // Stable: heartbeats with peers, then without, then the rest; submission order within each.
        Comparator<Integer> rank = Comparator.comparingInt(i -> writes.get(i).heartbeat()
                ? (writes.get(i).peersConnected() != null ? 0 : 1) : 2);
        wallets.values().forEach(acc -> acc.serial.sort(rank));
    }

    /** The batch's wallets in lock order. */
    List<String> wallets() {
        return List.copyOf(wallets.keySet());
    }

    /** Records that the store created these wallets' node rows in this batch. */
    void created(Set<String> created) {
        created.forEach(w -> {
            Wallet acc = wallets.get(w);
            if (acc != null) {
                acc.created = true;
            }
        });
    }

    /** Records a wallet's last heartbeat before this batch (null if none), read under its row lock. */
    void previousHeartbeat(String wallet, Instant previous) {
        Wallet acc = wallets.get(wallet);
        if (acc != null) {
            acc.previous = previous;
        }
    }

    /**
     * The rows to add to when the batch runs at {@code now} (whole milliseconds, so gaps telescope
     * exactly), in lock order (wallet, then day): each wallet's row of today and, when a heartbeat's gap
     * spans UTC midnight, the earlier days' shares of the uptime.
     */
    List<DailyDelta> deltas(Instant now) {
        this.now = now;
        today = UptimeCalculator.utcDay(now);
        List<DailyDelta> out = new ArrayList<>(wallets.size());
        wallets.forEach((wallet, acc) -> {
            acc.todayUptime = 0;
            acc.uptime = 0;
            if (acc.heartbeat) {
                for (UptimeCalculator.DayShare share : UptimeCalculator.shares(acc.previous, now)) {
                    acc.uptime += share.millis();
                    if (share.day().equals(today)) {
                        acc.todayUptime += share.millis();
                    } else {
                        out.add(new DailyDelta(wallet, share.day(), 0, 0, share.millis(), null, null));
                    }
                }
            }
            out.add(new DailyDelta(wallet, today, acc.bytes, acc.tasks, acc.todayUptime,
                    acc.heartbeat ? acc.peers : null, acc.heartbeat ? now : null));
        });
        return out;
    }

    /** What each wallet's node row gains, in lock order; known once {@link #deltas} ran. */
    List<NodeDelta> nodeDeltas() {
        List<NodeDelta> out = new ArrayList<>(wallets.size());
        wallets.forEach((wallet, acc) -> out.add(
                new NodeDelta(wallet, acc.bytes, acc.tasks, acc.uptime, acc.heartbeat ? now : null)));
        return out;
    }

    /** The UTC day of the batch, known once {@link #deltas} ran. */
    LocalDate today() {
        return today;
    }

    /**
     * Each write's reply, in submission order, given each wallet's row of today after the batch: the row
     * as it stood right after that write in the serial order (later writes' counters taken back out), and
     * what the write did to the node (created it, its heartbeat before the write, the time it applied).
     */
    List<NodeWrite> replies(Function<String, DailyMetrics> todayRow) {
        NodeWrite[] out = new NodeWrite[writes.size()];
        wallets.forEach((wallet, acc) -> {
            DailyMetrics row = todayRow.apply(wallet);
            if (row == null) {
                throw new IllegalStateException("no row of " + today + " for " + wallet + " after the batch");
            }
            long laterBytes = 0;
            long laterTasks = 0;
            long laterUptime = 0;
            for (int k = acc.serial.size() - 1; k >= 0; k--) {
                int index = acc.serial.get(k);
                NodeUpdate w = writes.get(index);
                // Writes after a heartbeat (always first in serial order) see it as the previous one.
                Instant previous = k > 0 && writes.get(acc.serial.get(0)).heartbeat() ? now : acc.previous;
                Integer peers = w.peersConnected();
                DailyMetrics after = new DailyMetrics(row.walletAddress(), row.statsDate(),
                        row.bytesServed() - laterBytes, row.tasksCompleted() - laterTasks, row.uptimeMs() - laterUptime,
                        peers != null ? peers : row.peersConnected(), row.lastHeartbeatTime());
                out[index] = new NodeWrite(after, k == 0 && acc.created, previous, now, w.heartbeat());
                laterBytes += w.bytes();
                laterTasks += w.tasks();
                laterUptime += k == 0 && w.heartbeat() ? acc.todayUptime : 0;
            }
        });
        return List.of(out);
    }
}

package io.p3.atlas.server.node;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One group-commit batch of node writes, coalesced per wallet: whatever the number of writes, the
 * store adds one row per wallet and day, and moves each heartbeating wallet's last heartbeat once.
 *
 * <p>The replies are those of a serial order: per wallet its heartbeats first, then its other writes,
 * each group in submission order. All heartbeats of a batch share one time, read once the wallets' rows
 * are locked, so a wallet's first heartbeat in the batch adds the uptime since its previous one and the
 * others add none: uptime stays exactly the span of the heartbeats, as if they were applied one by one.
 */
final class NodeBatch {
    private final List<NodeWrite> writes;
    private final Map<String, Wallet> wallets = new TreeMap<>();
    private LocalDate today;

    /** One row to add to: counters to add and, for a heartbeat's own day, its peer count and time. */
    record DailyDelta(String wallet, LocalDate day, long bytes, long tasks, long uptimeMs, Integer peers,
                      Instant heartbeatAt) {
    }

    /** One wallet's writes in the batch. */
    private static final class Wallet {
        final List<Integer> serial = new ArrayList<>(1);
        long bytes;
        long tasks;
        boolean heartbeat;
        int peers;
        Instant previous;
        long todayUptime;
    }

    NodeBatch(List<NodeWrite> writes) {
        this.writes = writes;
        for (int i = 0; i < writes.size(); i++) {
            NodeWrite w = writes.get(i);
            Wallet acc = wallets.computeIfAbsent(w.wallet(), k -> new Wallet());
            acc.bytes += w.bytes();
            acc.tasks += w.tasks();
            if (w.heartbeat()) {
                acc.heartbeat = true;
                acc.peers = w.peersConnected();
                acc.serial.add(i);
            }
        }
        for (int i = 0; i < writes.size(); i++) {
            if (!writes.get(i).heartbeat()) {
                wallets.get(writes.get(i).wallet()).serial.add(i);
            }
        }
    }

    /** The batch's wallets in lock order. */
    List<String> wallets() {
        return List.copyOf(wallets.keySet());
    }

    /** The wallets with a heartbeat in this batch, in lock order: their rows are locked first. */
    List<String> heartbeatWallets() {
        return wallets.entrySet().stream().filter(e -> e.getValue().heartbeat).map(Map.Entry::getKey).toList();
    }

    /** Records a heartbeating wallet's last heartbeat before this batch (null if none), read under its lock. */
    void previousHeartbeat(String wallet, Instant previous) {
        Wallet acc = wallets.get(wallet);
        if (acc != null) {
            acc.previous = previous;
        }
    }

    /**
     * The rows to add to when the batch runs at {@code now} (whole milliseconds, so gaps telescope
     * exactly), in lock order (wallet, then day): each wallet's row of today and, when a heartbeat's gap
     * spans UTC midnight, the earlier day's share of the uptime.
     */
    List<DailyDelta> deltas(Instant now) {
        today = UptimeCalculator.utcDay(now);
        List<DailyDelta> out = new ArrayList<>(wallets.size());
        wallets.forEach((wallet, acc) -> {
            acc.todayUptime = 0;
            if (acc.heartbeat) {
                for (UptimeCalculator.DayShare share : UptimeCalculator.shares(acc.previous, now)) {
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

    /** The UTC day of the batch, known once {@link #deltas} ran. */
    LocalDate today() {
        return today;
    }

    /**
     * Each write's reply, in submission order, given each wallet's row of today after the batch: the row
     * as it stood right after that write in the serial order (later writes' counters taken back out).
     */
    List<DailyMetrics> replies(Function<String, DailyMetrics> todayRow) {
        DailyMetrics[] out = new DailyMetrics[writes.size()];
        wallets.forEach((wallet, acc) -> {
            DailyMetrics row = todayRow.apply(wallet);
            if (row == null) {
                throw new IllegalStateException("no row of " + today + " for " + wallet + " after the batch");
            }
            long laterBytes = 0;
            long laterTasks = 0;
            long laterUptime = 0;
            for (int k = acc.serial.size() - 1; k >= 0; k--) {
                NodeWrite w = writes.get(acc.serial.get(k));
                out[acc.serial.get(k)] = new DailyMetrics(row.walletAddress(), row.statsDate(),
                        row.bytesServed() - laterBytes, row.tasksCompleted() - laterTasks, row.uptimeMs() - laterUptime,
                        w.heartbeat() ? w.peersConnected() : row.peersConnected(), row.lastHeartbeatTime());
                laterBytes += w.bytes();
                laterTasks += w.tasks();
                laterUptime += k == 0 && w.heartbeat() ? acc.todayUptime : 0;
            }
        });
        return List.of(out);
    }
}

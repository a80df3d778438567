package io.p3.atlas.server.node;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.Cursor;
import io.p3.atlas.server.fields.Fields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeService's rules, transport-free: validates input (errors name the field), decides online status
 * and pages through listings. Time is the server's clock in UTC, never the caller's.
 */
public final class NodeMetricsService {
    private static final Logger log = LoggerFactory.getLogger(NodeMetricsService.class);
    /** A node is online if its latest heartbeat is at most this old. */
    public static final Duration ONLINE_WINDOW = Duration.ofMinutes(2);

    private final NodeStore store;
    private final Clock clock;
    private volatile NodeEvents events = NodeEvents.NONE;

    public NodeMetricsService(NodeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public CompletableFuture<DailyMetrics> recordHeartbeat(String walletAddress, int peersConnected) {
        String wallet = Fields.wallet("wallet_address", walletAddress);
        if (peersConnected < 0) {
            throw AtlasException.invalidArgument("peers_connected",
                    "peers_connected must not be negative, got " + peersConnected);
        }
        return store.recordHeartbeat(wallet, peersConnected).thenApply(this::announce);
    }

    public CompletableFuture<DailyMetrics> trackContentServed(String walletAddress, long bytes, long tasksCompleted) {
        String wallet = Fields.wallet("wallet_address", walletAddress);
        if (bytes < 0) {
            throw AtlasException.invalidArgument("bytes", "bytes must not be negative, got " + bytes);
        }
        if (tasksCompleted < 0) {
            throw AtlasException.invalidArgument("tasks_completed",
                    "tasks_completed must not be negative, got " + tasksCompleted);
        }
        return store.addContentServed(wallet, bytes, tasksCompleted).thenApply(this::announce);
    }

    /**
     * Credits the work a relay of {@code walletAddress} reported: bytes and tasks to today's row, and a heartbeat
     * of the wallet (uptime), in one durable write.
     */
    public CompletableFuture<DailyMetrics> creditRelay(String walletAddress, long bytes, long tasksCompleted) {
        String wallet = Fields.wallet("wallet_address", walletAddress);
        if (bytes < 0 || tasksCompleted < 0) {
            throw AtlasException.invalidArgument(bytes < 0 ? "bytes_served_delta" : "tasks_completed_delta",
                    "a relay's bytes and tasks must not be negative");
        }
        return store.recordHeartbeatWithContent(wallet, bytes, tasksCompleted).thenApply(this::announce);
    }

    /** Tells {@code listener} about nodes registering and coming online (one listener; the last one set wins). */
    public void onChange(NodeEvents listener) {
        this.events = listener;
    }

    /** Nodes last seen at or after {@code from} and before {@code before} (null: now), by wallet, at most {@code limit}. */
    public List<NodeTotals> seenBetween(Instant from, Instant before, int limit) {
        return store.seenBetween(from, before, limit);
    }

    /** After the commit: tells the listener what the write changed, then hands back today's row. */
    private DailyMetrics announce(NodeWrite w) {
        String wallet = w.today().walletAddress();
        Instant last = w.heartbeat() ? w.at() : w.previousHeartbeat();
        try {
            if (w.created()) {
                events.nodeChanged(NodeEvents.Kind.REGISTERED, wallet, w.at(), last);
            }
            if (w.heartbeat() && !isOnline(w.previousHeartbeat(), w.at())) {
                events.nodeChanged(NodeEvents.Kind.ONLINE, wallet, w.at(), last);
            }
        } catch (RuntimeException e) {
            log.warn("A node event listener failed: {}", e.toString());
        }
        return w.today();
    }

    public NodeView getNode(String walletAddress) {
        String wallet = Fields.wallet("wallet_address", walletAddress);
        NodeTotals totals = store.findNode(wallet)
                .orElseThrow(() -> AtlasException.notFound("node", "no node with wallet_address " + wallet));
        Instant now = clock.instant();
        LocalDate today = UptimeCalculator.utcDay(now);
        DailyMetrics todayRow = store.findDaily(wallet, today).orElse(DailyMetrics.empty(wallet, today));
        return new NodeView(totals, isOnline(totals.lastHeartbeatTime(), now), todayRow);
    }

    static boolean isOnline(Instant lastHeartbeat, Instant now) {
        return lastHeartbeat != null && !lastHeartbeat.isBefore(now.minus(ONLINE_WINDOW));
    }

    public Page<DailyMetrics> listDailyMetrics(String walletAddress, String startDate, String endDate, int pageSize,
                                               String pageToken) {
        String wallet = Fields.wallet("wallet_address", walletAddress);
        LocalDate start = Fields.date("start_date", startDate);
        LocalDate end = Fields.date("end_date", endDate);
        Fields.dateRange(start, end, 0);
        int size = PageRequest.pageSize(pageSize);
        String filters = "daily|" + wallet + "|" + start + "|" + end;
        Cursor cursor = Cursor.of(pageToken, filters, 1);
        LocalDate after = cursor == null ? null : cursor.date(0);
        if (store.findNode(wallet).isEmpty()) {
            throw AtlasException.notFound("node", "no node with wallet_address " + wallet);
        }
        return Page.cut(store.listDaily(wallet, start, end, after, size + 1), size, filters,
                last -> List.of(last.statsDate().toString()));
    }

    /**
     * A page of the leaderboard over {@code period} (see {@link LeaderboardPeriod#parse}), ordered by
     * {@code orderBy} then wallet, of the nodes with metrics in the period and the status asked. Page
     * tokens hold the last row's value and wallet and are bound to the resolved period (a "today" board
     * keeps its day across midnight), the order and the status filter.
     */
    public Leaderboard listNodes(LeaderboardPeriod period, Leaderboard.StatusFilter status, String orderBy,
                                 int pageSize, String pageToken) {
        LeaderboardOrder order = LeaderboardOrder.parse(orderBy);
        int size = PageRequest.pageSize(pageSize);
        String filters = "nodes|" + period.key() + "|" + order.name()
                + (status == Leaderboard.StatusFilter.ANY ? "" : "|" + status.name());
        Cursor cursor = Cursor.of(pageToken, filters, 2);
        Instant now = clock.instant();
        Instant cutoff = now.minus(ONLINE_WINDOW);
        List<LeaderboardRow> rows = store.leaderboard(period, order,
                status == Leaderboard.StatusFilter.ONLINE ? cutoff : null,
                status == Leaderboard.StatusFilter.OFFLINE ? cutoff : null,
                cursor == null ? null : cursor.number(0), cursor == null ? null : cursor.text(1), size + 1);
        Page<LeaderboardRow> page = Page.cut(rows, size, filters,
                last -> List.of(Long.toString(last.value(order)), last.walletAddress()));
        return new Leaderboard(period, page.map(r -> new Leaderboard.Standing(r, isOnline(r.lastHeartbeatTime(), now))));
    }

    /** The leaderboard as ListNodes asks for it: the period's fields as {@link LeaderboardPeriod#parse} reads them. */
    public Leaderboard listNodes(String statsDate, String startDate, String endDate, boolean allTime,
                                 Leaderboard.StatusFilter status, String orderBy, int pageSize, String pageToken) {
        LeaderboardPeriod period = LeaderboardPeriod.parse(statsDate, startDate, endDate, allTime,
                UptimeCalculator.utcDay(clock.instant()));
        return listNodes(period, status, orderBy, pageSize, pageToken);
    }
}

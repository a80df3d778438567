package io.p3.atlas.server.node;

import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.paging.Page;
import io.p3.atlas.server.paging.PageRequest;
import io.p3.atlas.server.paging.PageToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * NodeService's rules, transport-free: validates input (errors name the field), decides online status
 * and pages through listings. Time is the server's clock in UTC, never the caller's.
 */
public final class NodeMetricsService {
    /** A node is online if its latest heartbeat is at most this old. */
    public static final Duration ONLINE_WINDOW = Duration.ofMinutes(2);

    private final NodeStore store;
    private final Clock clock;

    public NodeMetricsService(NodeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public CompletableFuture<DailyMetrics> recordHeartbeat(String walletAddress, int peersConnected) {
        String wallet = WalletAddress.normalize(walletAddress, "wallet_address");
        if (peersConnected < 0) {
            throw AtlasException.invalidArgument("peers_connected",
                    "peers_connected must not be negative, got " + peersConnected);
        }
        return store.recordHeartbeat(wallet, peersConnected);
    }

    public CompletableFuture<DailyMetrics> trackContentServed(String walletAddress, long bytes, long tasksCompleted) {
        String wallet = WalletAddress.normalize(walletAddress, "wallet_address");
        if (bytes < 0) {
            throw AtlasException.invalidArgument("bytes", "bytes must not be negative, got " + bytes);
        }
        if (tasksCompleted < 0) {
            throw AtlasException.invalidArgument("tasks_completed",
                    "tasks_completed must not be negative, got " + tasksCompleted);
        }
        return store.addContentServed(wallet, bytes, tasksCompleted);
    }

    public NodeView getNode(String walletAddress) {
        String wallet = WalletAddress.normalize(walletAddress, "wallet_address");
        NodeTotals totals = store.findNode(wallet)
                .orElseThrow(() -> AtlasException.notFound("no node with wallet_address " + wallet));
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
        String wallet = WalletAddress.normalize(walletAddress, "wallet_address");
        LocalDate start = parseDate(startDate, "start_date");
        LocalDate end = parseDate(endDate, "end_date");
        if (start != null && end != null && start.isAfter(end)) {
            throw AtlasException.invalidArgument("end_date",
                    "end_date " + end + " is before start_date " + start);
        }
        int size = PageRequest.pageSize(pageSize);
        String filters = "daily|" + wallet + "|" + start + "|" + end;
        List<String> cursor = PageToken.decode(pageToken, filters, 1);
        LocalDate after = cursor == null ? null : parseCursorDate(cursor.get(0));
        if (store.findNode(wallet).isEmpty()) {
            throw AtlasException.notFound("no node with wallet_address " + wallet);
        }
        return Page.cut(store.listDaily(wallet, start, end, after, size + 1), size, filters,
                last -> List.of(last.statsDate().toString()));
    }

    public Page<DailyMetrics> listNodes(String statsDate, String orderBy, int pageSize, String pageToken) {
        LocalDate day = parseDate(statsDate, "stats_date");
        if (day == null) {
            day = UptimeCalculator.utcDay(clock.instant());
        }
        LeaderboardOrder order = LeaderboardOrder.parse(orderBy);
        int size = PageRequest.pageSize(pageSize);
        String filters = "nodes|" + day + "|" + order.name();
        List<String> cursor = PageToken.decode(pageToken, filters, 2);
        Long afterValue = null;
        String afterWallet = null;
        if (cursor != null) {
            try {
                afterValue = Long.parseLong(cursor.get(0));
            } catch (NumberFormatException e) {
                throw AtlasException.invalidArgument("page_token", "page_token is malformed");
            }
            afterWallet = cursor.get(1);
        }
        return Page.cut(store.listDay(day, order, afterValue, afterWallet, size + 1), size, filters,
                last -> List.of(Long.toString(order == LeaderboardOrder.UPTIME ? last.uptimeMs() : last.bytesServed()),
                        last.walletAddress()));
    }


    /** Parses a {@code YYYY-MM-DD} day; empty means unset (null). */
    static LocalDate parseDate(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("length", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw AtlasException.invalidArgument(field, field + " must be a date as YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static LocalDate parseCursorDate(String v) {
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw AtlasException.invalidArgument("page_token", "page_token is malformed");
        }
    }
}

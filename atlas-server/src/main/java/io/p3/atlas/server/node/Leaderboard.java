package io.p3.atlas.server.node;

import io.p3.atlas.server.paging.Page;

/** A page of a leaderboard over {@code period}, each node with whether it is online now. */
public record Leaderboard(LeaderboardPeriod period, Page<Standing> page) {

    /** One node's place: its sums over the period, and whether it is online now. */
    public record Standing(LeaderboardRow row, boolean online) {
    }

    /** Which nodes a leaderboard lists, by their status now. */
    public enum StatusFilter { ANY, ONLINE, OFFLINE }
}

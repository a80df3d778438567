package io.p3.atlas.server.node;

/** What GetNode answers: totals, whether the node is online now, and today's row. */
public record NodeView(NodeTotals totals, boolean online, DailyMetrics today) {
}

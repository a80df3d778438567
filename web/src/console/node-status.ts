import { NodeStatus, type AtlasClient, type LeaderboardEntry, type NodeDailyMetrics } from "../sdk/index.js";

/**
 * Each leaderboard row's online status: from the response's `entries` (ListNodes rows carry the status
 * now), else (a server from before entries existed) from one GetNode per wallet.
 */
export async function nodeStatuses(
  atlas: AtlasClient,
  rows: readonly NodeDailyMetrics[],
  signal: AbortSignal,
  entries: readonly LeaderboardEntry[] = [],
): Promise<Map<string, NodeStatus>> {
  const statuses = new Map<string, NodeStatus>();
  const inline = new Map(entries.map((e) => [e.walletAddress, e.status]));
  await Promise.all(rows.map(async (row) => {
    const known = inline.get(row.walletAddress) ?? NodeStatus.UNSPECIFIED;
    if (known !== NodeStatus.UNSPECIFIED) {
      statuses.set(row.walletAddress, known);
      return;
    }
    try {
      const { node } = await atlas.nodes.getNode({ walletAddress: row.walletAddress }, { signal });
      statuses.set(row.walletAddress, node?.status ?? NodeStatus.UNSPECIFIED);
    } catch {
      statuses.set(row.walletAddress, NodeStatus.UNSPECIFIED); // shown as "unknown"; the row still shows
    }
  }));
  return statuses;
}

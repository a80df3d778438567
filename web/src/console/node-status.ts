import { NodeStatus, type AtlasClient, type NodeDailyMetrics } from "../sdk/index.js";

/**
 * Each leaderboard row's online status. ListNodes rows (NodeDailyMetrics) carry no status today, so
 * it comes from one GetNode per wallet. Once ListNodes rows gain a `status` field, `fromRow` returns
 * it and the GetNode calls stop by themselves; nothing else in the console changes.
 */
export async function nodeStatuses(
  atlas: AtlasClient,
  rows: readonly NodeDailyMetrics[],
  signal: AbortSignal,
): Promise<Map<string, NodeStatus>> {
  const statuses = new Map<string, NodeStatus>();
  await Promise.all(rows.map(async (row) => {
    const inline = fromRow(row);
    if (inline !== NodeStatus.UNSPECIFIED) {
      statuses.set(row.walletAddress, inline);
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

function fromRow(row: NodeDailyMetrics): NodeStatus {
  return (row as { status?: NodeStatus }).status ?? NodeStatus.UNSPECIFIED;
}

// Test data for the console, put in over the APIs the way real callers do: gRPC-Web through the
// atlas-web SDK (which also proves its paging iterator), and plain HTTP for the one upload.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { collect, createAtlasClient } from "../lib/sdk/index.js";

export const WALLETS = [
  "0x1000000000000000000000000000000000000001",
  "0x2000000000000000000000000000000000000002",
  "0x3000000000000000000000000000000000000003",
];

/** Imports the playlist and adds nodes, relays, an asset and events; returns what the page must show. */
export async function seed(baseUrl, fixture) {
  const atlas = createAtlasClient({ baseUrl });

  const playlist = await readFile(fixture, "utf8");
  const imported = await atlas.catalog.importChannels({
    playlist: { case: "playlistContent", value: playlist },
    source: "console-browser-test",
  });
  assert.equal(imported.importedCount + imported.updatedCount, 30, "the German fixture has 30 channels");

  // The SDK's iterator follows next_page_token: 6 News channels, 4 per page.
  const news = await collect(atlas.iterate.channels({ group: "News", pageSize: 4 }));
  assert.equal(news.length, 6, "6 channels in group News");

  // Nodes: bytes rank them 3, 2, 1; two heartbeats a second apart give node 1 the most uptime.
  for (const [i, wallet] of WALLETS.entries()) {
    await atlas.nodes.recordHeartbeat({ walletAddress: wallet, peersConnected: i + 1 });
    await atlas.nodes.trackContentServed({ walletAddress: wallet, bytes: BigInt((i + 1) * 5_000_000), tasksCompleted: BigInt(i + 1) });
  }
  await new Promise((r) => setTimeout(r, 1100));
  await atlas.nodes.recordHeartbeat({ walletAddress: WALLETS[0], peersConnected: 7 });

  await atlas.stream.registerRelay({ relay: {
    id: "relay-eu-1", walletAddress: WALLETS[0], endpointUrl: "wss://relay-eu-1.example.org/live",
    region: "eu-west", capacityMbps: 500 } });
  await atlas.stream.relayHeartbeat({ id: "relay-eu-1", activeStreams: 3, load: 0.25 });

  const bytes = Buffer.from("atlas console test sdk\n".repeat(100));
  const put = await fetch(`${baseUrl}/content/console-test-sdk?type=sdk`, {
    method: "PUT", body: bytes, headers: { "content-type": "application/zip" } });
  assert.ok(put.ok, `asset upload answered ${put.status}`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");

  const ingest = await atlas.analytics.ingestEvents({ events: [
    { name: "stream.start", walletAddress: WALLETS[0], streamId: "s1" },
    { name: "stream.start", walletAddress: WALLETS[1], streamId: "s1" },
    { name: "app.open", walletAddress: WALLETS[0], appId: "quiz" },
  ] });
  assert.equal(ingest.acceptedCount, 3);
  // Ingestion is acknowledged when queued; wait until the writer has committed the counts.
  for (let tries = 0; ; tries++) {
    const stats = await collect(atlas.iterate.eventStats({}));
    if (stats.reduce((n, s) => n + s.count, 0n) === 3n) break;
    assert.ok(tries < 50, "event stats never reached 3");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { asset: { id: "console-test-sdk", sha256, size: bytes.length } };
}

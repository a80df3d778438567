/**
 * atlas-web: the Atlas Transport services from a browser (or any runtime with fetch), over gRPC-Web.
 *
 *   const atlas = createAtlasClient({ baseUrl: "http://localhost:8080", apiKey });
 *   const { channels } = await atlas.catalog.listChannels({ group: "News", pageSize: 10 });
 *   for await (const c of atlas.iterate.channels({ language: "German" })) { ... }
 */
import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { createClient, type CallOptions, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { AnalyticsService, type DailyEventStats, type GetEventStatsRequestSchema } from "../gen/atlas/v1/analytics_pb.js";
import {
  CatalogService,
  type App,
  type Channel,
  type ListAppsRequestSchema,
  type ListChannelsRequestSchema,
  type ListStreamsRequestSchema,
  type Stream,
} from "../gen/atlas/v1/catalog_pb.js";
import { NetworkService } from "../gen/atlas/v1/network_pb.js";
import {
  NodeService,
  type LeaderboardEntry,
  type ListDailyMetricsRequestSchema,
  type ListNodesRequestSchema,
  type NodeDailyMetrics,
} from "../gen/atlas/v1/node_pb.js";
import {
  StreamService,
  type Asset,
  type ListAssetsRequestSchema,
  type ListRelaysRequestSchema,
  type Relay,
} from "../gen/atlas/v1/stream_pb.js";
import { items } from "./paging.js";

export interface AtlasClientOptions {
  /** Where the server is, e.g. "http://localhost:8080"; in a page served by Atlas, `location.origin`. */
  baseUrl: string;
  /**
   * An API key sent as `authorization: Bearer <key>` on every call; a function is asked before each
   * call, so a page can change the key without a new client. Empty or undefined sends no header.
   */
  apiKey?: string | (() => string | undefined);
  /** Deadline of each call in milliseconds (sent as grpc-timeout). Default 15 000; 0 means none. */
  timeoutMs?: number;
  /** More Connect interceptors (logging, tracing), run after the API-key one. */
  interceptors?: Interceptor[];
  /** A fetch to use instead of the global one (tests, credentials, proxies). */
  fetch?: typeof globalThis.fetch;
}

/** A request of a list RPC without its page token: the iterators own the token. */
export type Filter<D extends DescMessage> = Omit<MessageInitShape<D>, "pageToken" | "$typeName">;

/** Every item of each listing, across pages, fetched lazily as the loop asks (`for await … of`). */
export interface AtlasIterators {
  channels(filter?: Filter<typeof ListChannelsRequestSchema>, options?: CallOptions): AsyncGenerator<Channel>;
  streams(filter?: Filter<typeof ListStreamsRequestSchema>, options?: CallOptions): AsyncGenerator<Stream>;
  apps(filter?: Filter<typeof ListAppsRequestSchema>, options?: CallOptions): AsyncGenerator<App>;
  /** The day's leaderboard (`statsDate` empty: today, UTC), `orderBy` "bytes_served desc" or "uptime_ms desc". */
  nodes(filter?: Filter<typeof ListNodesRequestSchema>, options?: CallOptions): AsyncGenerator<NodeDailyMetrics>;
  /** Any leaderboard (a day, `startDate`/`endDate`, or `allTime`; `status` to keep the online ones): sums and status. */
  leaderboard(filter?: Filter<typeof ListNodesRequestSchema>, options?: CallOptions): AsyncGenerator<LeaderboardEntry>;
  dailyMetrics(filter: Filter<typeof ListDailyMetricsRequestSchema>, options?: CallOptions): AsyncGenerator<NodeDailyMetrics>;
  assets(filter?: Filter<typeof ListAssetsRequestSchema>, options?: CallOptions): AsyncGenerator<Asset>;
  relays(filter?: Filter<typeof ListRelaysRequestSchema>, options?: CallOptions): AsyncGenerator<Relay>;
  eventStats(filter?: Filter<typeof GetEventStatsRequestSchema>, options?: CallOptions): AsyncGenerator<DailyEventStats>;
}

export interface AtlasClient {
  /** atlas.v1.CatalogService: channels, streams, apps, asset manifests. */
  catalog: Client<typeof CatalogService>;
  /** atlas.v1.StreamService: assets and relays. */
  stream: Client<typeof StreamService>;
  /** atlas.v1.NodeService: heartbeats, served bytes, the daily leaderboard. */
  nodes: Client<typeof NodeService>;
  /** atlas.v1.AnalyticsService: event ingestion and daily stats. */
  analytics: Client<typeof AnalyticsService>;
  /**
   * atlas.v1.NetworkService: `watchNetwork` streams the snapshot, then live events (server streaming over
   * gRPC-Web); pass `{ timeoutMs: 0 }` so the client's default deadline does not end the watch.
   */
  network: Client<typeof NetworkService>;
  /** Listings as async iterators that follow `next_page_token`. */
  iterate: AtlasIterators;
}

/** Sends `authorization: Bearer <key>` when a key is set. */
export function apiKeyInterceptor(apiKey: () => string | undefined): Interceptor {
  return (next) => (req) => {
    const key = apiKey()?.trim();
    if (key) {
      req.header.set("authorization", `Bearer ${key}`);
    }
    return next(req);
  };
}

export function createAtlasClient(options: AtlasClientOptions): AtlasClient {
  const { apiKey } = options;
  const keyOf = typeof apiKey === "function" ? apiKey : () => apiKey;
  const transport = createGrpcWebTransport({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    useBinaryFormat: true,
    interceptors: [apiKeyInterceptor(keyOf), ...(options.interceptors ?? [])],
    defaultTimeoutMs: options.timeoutMs === 0 ? undefined : (options.timeoutMs ?? 15_000),
    fetch: options.fetch,
  });
  const catalog = createClient(CatalogService, transport);
  const stream = createClient(StreamService, transport);
  const nodes = createClient(NodeService, transport);
  const analytics = createClient(AnalyticsService, transport);
  const network = createClient(NetworkService, transport);
  const iterate: AtlasIterators = {
    channels: (f = {}, o) => items(catalog.listChannels, f, (p) => p.channels, o),
    streams: (f = {}, o) => items(catalog.listStreams, f, (p) => p.streams, o),
    apps: (f = {}, o) => items(catalog.listApps, f, (p) => p.apps, o),
    nodes: (f = {}, o) => items(nodes.listNodes, f, (p) => p.dailyMetrics, o),
    leaderboard: (f = {}, o) => items(nodes.listNodes, f, (p) => p.entries, o),
    dailyMetrics: (f, o) => items(nodes.listDailyMetrics, f, (p) => p.dailyMetrics, o),
    assets: (f = {}, o) => items(stream.listAssets, f, (p) => p.assets, o),
    relays: (f = {}, o) => items(stream.listRelays, f, (p) => p.relays, o),
    eventStats: (f = {}, o) => items(analytics.getEventStats, f, (p) => p.stats, o),
  };
  return { catalog, stream, nodes, analytics, network, iterate };
}

export { pages, items, collect, type ListCall } from "./paging.js";
export { atlasError, type AtlasError } from "./errors.js";
export { Code, ConnectError, type CallOptions } from "@connectrpc/connect";
export * from "../gen/atlas/v1/analytics_pb.js";
export * from "../gen/atlas/v1/asset_type_pb.js";
export * from "../gen/atlas/v1/catalog_pb.js";
export * from "../gen/atlas/v1/network_pb.js";
export * from "../gen/atlas/v1/node_pb.js";
export * from "../gen/atlas/v1/stream_pb.js";

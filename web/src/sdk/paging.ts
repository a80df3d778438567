import type { CallOptions } from "@connectrpc/connect";

/** A list RPC of the atlas.v1 services: takes a page token, answers a page with `nextPageToken`. */
export type ListCall<Req, Res extends { nextPageToken: string }> =
  (request: Req & { pageToken?: string }, options?: CallOptions) => Promise<Res>;

/**
 * Every page of a listing, fetched one at a time as the loop asks for it: the first with `request`,
 * then with each answer's `next_page_token` until it comes back empty. Stopping the loop early
 * (`break`) fetches nothing more.
 */
export async function* pages<Req extends object, Res extends { nextPageToken: string }>(
  call: ListCall<Req, Res>,
  request: Req,
  options?: CallOptions,
): AsyncGenerator<Res, void, undefined> {
  let pageToken = "";
  do {
    const page = await call({ ...request, pageToken }, options);
    yield page;
    if (page.nextPageToken === pageToken) {
      return; // a server bug would otherwise loop forever
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
}

/** Every item of a listing across pages: `items(catalog.listChannels, {group: "News"}, r => r.channels)`. */
export async function* items<Req extends object, Res extends { nextPageToken: string }, T>(
  call: ListCall<Req, Res>,
  request: Req,
  itemsOf: (page: Res) => readonly T[],
  options?: CallOptions,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages(call, request, options)) {
    yield* itemsOf(page);
  }
}

/** Collects an async iterable into an array (mind the size of what you collect). */
export async function collect<T>(iterable: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) {
    return out;
  }
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= limit) {
      break;
    }
  }
  return out;
}

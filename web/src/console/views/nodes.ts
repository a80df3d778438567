import { NodeStatus, type NodeDailyMetrics } from "../../sdk/index.js";
import { badge, field, h, select, table } from "../dom.js";
import { bytes, count, duration, time, todayUtc } from "../format.js";
import { Loader } from "../loader.js";
import { nodeStatuses } from "../node-status.js";
import { Pager, PagerNav } from "../pager.js";
import { emptyBox } from "../status.js";
import { frame, mount, onSubmit, type ViewContext } from "../view.js";

const PAGE_SIZE = 25;
const ORDERS: [string, string][] = [["bytes_served desc", "Bytes served"], ["uptime_ms desc", "Uptime"]];

const state = { order: ORDERS[0][0], date: "", pager: new Pager() };

/** The day's node leaderboard (ListNodes) with each node's current online status. */
export function nodesView(ctx: ViewContext): () => void {
  const { section, status } = frame("nodes", "Node leaderboard",
    "Community nodes ranked by what they did on one UTC day. A node is online while its last heartbeat is at most 2 minutes old.");
  const order = select("order", ORDERS, state.order);
  const date = h("input", { name: "date", type: "date", value: state.date || todayUtc(), required: true });
  const form = h("form", { class: "filters", "aria-label": "Leaderboard options" },
    field("Rank by", order), field("Day (UTC)", date));
  const results = h("div", { class: "results", id: "node-results" });
  const pagerNav = new PagerNav("Leaderboard pages", state.pager, () => load());
  const loader = new Loader(results, status, ctx.origin, () => pagerNav.hide());

  function load(): void {
    const day = state.date || todayUtc();
    void loader.run("the leaderboard",
      async (signal) => {
        const res = await ctx.atlas.nodes.listNodes(
          { statsDate: day, orderBy: state.order, pageSize: PAGE_SIZE, pageToken: state.pager.token }, { signal });
        return { res, statuses: await nodeStatuses(ctx.atlas, res.dailyMetrics, signal, res.entries) };
      },
      ({ res, statuses }) => {
        state.pager.next = res.nextPageToken;
        pagerNav.update();
        const rows = res.dailyMetrics;
        const first = (state.pager.page - 1) * PAGE_SIZE;
        const online = rows.filter((r) => statuses.get(r.walletAddress) === NodeStatus.ONLINE).length;
        return {
          summary: rows.length
            ? `Ranks ${first + 1}–${first + rows.length} on ${day}, by ${orderName()}; ${online} of these online now.`
            : `No node activity on ${day}.`,
          content: rows.length
            ? leaderboard(rows, first, statuses)
            : emptyBox(`No node reported anything on ${day}.`,
              "Nodes appear here after their first heartbeat or served bytes of the day (RecordHeartbeat, TrackContentServed)."),
        };
      },
      load);
  }

  const apply = () => {
    state.order = order.value;
    state.date = date.value;
    state.pager.reset();
    load();
  };
  order.addEventListener("change", apply);
  date.addEventListener("change", () => date.value && apply());
  onSubmit(form, apply);
  return mount(ctx, section, [form, status, results, pagerNav.element], load, () => loader.cancel());
}

function orderName(): string {
  return ORDERS.find(([v]) => v === state.order)?.[1].toLowerCase() ?? state.order;
}

function leaderboard(rows: readonly NodeDailyMetrics[], first: number, statuses: Map<string, NodeStatus>): HTMLElement {
  return table("Node leaderboard",
    ["Rank", "Wallet", "Status now", "Bytes served", "Uptime", "Tasks", "Peers", "Last heartbeat"], rows,
    (r, i) => [
      String(first + i + 1),
      wallet(r.walletAddress),
      statusBadge(statuses.get(r.walletAddress) ?? NodeStatus.UNSPECIFIED),
      h("span", { title: `${count(r.bytesServed)} bytes` }, bytes(r.bytesServed)),
      duration(r.uptimeMs),
      count(r.tasksCompleted),
      count(r.peersConnected),
      time(r.lastHeartbeatTime),
    ],
    (r) => ({ "data-wallet": r.walletAddress }));
}

function wallet(address: string): HTMLElement {
  const short = `${address.slice(0, 8)}…${address.slice(-6)}`;
  return h("code", { class: "wallet", title: address },
    h("span", { "aria-hidden": "true" }, short), h("span", { class: "visually-hidden" }, address));
}

function statusBadge(s: NodeStatus): HTMLElement {
  return s === NodeStatus.ONLINE ? badge("Online", "ok")
    : s === NodeStatus.OFFLINE ? badge("Offline", "off") : badge("Unknown", "neutral");
}

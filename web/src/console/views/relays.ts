import { RelayStatus, type Relay } from "../../sdk/index.js";
import { badge, field, h, select, table } from "../dom.js";
import { count, percent, time } from "../format.js";
import { Loader } from "../loader.js";
import { Pager, PagerNav } from "../pager.js";
import { emptyBox } from "../status.js";
import { debounce, frame, mount, onSubmit, type ViewContext } from "../view.js";

const PAGE_SIZE = 25;
const STATUSES: [string, string][] = [
  [String(RelayStatus.UNSPECIFIED), "Any"],
  [String(RelayStatus.ONLINE), "Online"],
  [String(RelayStatus.OFFLINE), "Offline"],
];

const state = { region: "", status: RelayStatus.UNSPECIFIED, pager: new Pager() };

/** Media relays (ListRelays) with their status and load. */
export function relaysView(ctx: ViewContext): () => void {
  const { section, status } = frame("relays", "Relays",
    "Media relays registered by node operators. A relay is online while its last heartbeat is at most 2 minutes old.");
  const region = h("input", { name: "region", type: "search", value: state.region, autocomplete: "off" });
  const statusSelect = select("status", STATUSES, String(state.status));
  const form = h("form", { class: "filters", role: "search", "aria-label": "Relay filters" },
    field("Region", region), field("Status", statusSelect));
  const results = h("div", { class: "results", id: "relay-results" });
  const pagerNav = new PagerNav("Relay pages", state.pager, () => load());
  const loader = new Loader(results, status, ctx.origin, () => pagerNav.hide());

  function load(): void {
    void loader.run("relays",
      (signal) => ctx.atlas.stream.listRelays(
        { region: state.region, status: state.status, pageSize: PAGE_SIZE, pageToken: state.pager.token }, { signal }),
      (res) => {
        state.pager.next = res.nextPageToken;
        pagerNav.update();
        const online = res.relays.filter((r) => r.status === RelayStatus.ONLINE).length;
        return {
          summary: res.relays.length
            ? `${res.relays.length} relay${res.relays.length === 1 ? "" : "s"} on this page, ${online} online.`
            : "No relays match.",
          content: res.relays.length ? relayTable(res.relays)
            : emptyBox(state.region || state.status ? "No relays match these filters." : "No relays registered yet.",
              "Relays appear after RegisterRelay (POST /v1/relays)."),
        };
      },
      load);
  }

  const apply = () => {
    typing.cancel();
    state.region = region.value.trim().toLowerCase();
    state.status = Number(statusSelect.value) as RelayStatus;
    state.pager.reset();
    load();
  };
  const typing = debounce(apply, 400);
  region.addEventListener("input", typing);
  statusSelect.addEventListener("change", apply);
  onSubmit(form, apply);
  return mount(ctx, section, [form, status, results, pagerNav.element], load, typing.cancel, () => loader.cancel());
}

function relayTable(relays: readonly Relay[]): HTMLElement {
  return table("Relays", ["ID", "Region", "Status", "Endpoint", "Capacity", "Active streams", "Load", "Last heartbeat"],
    relays,
    (r) => [
      h("code", null, r.id),
      r.region,
      r.status === RelayStatus.ONLINE ? badge("Online", "ok")
        : r.status === RelayStatus.OFFLINE ? badge("Offline", "off") : badge("Unknown", "neutral"),
      h("code", { class: "url" }, r.endpointUrl),
      `${count(r.capacityMbps)} Mbit/s`,
      count(r.activeStreams),
      h("span", { class: "load" },
        h("meter", { min: 0, max: 1, low: 0.7, high: 0.9, optimum: 0, value: r.load, "aria-hidden": "true" }),
        " ", percent(r.load)),
      time(r.lastHeartbeatTime),
    ],
    (r) => ({ "data-relay-id": r.id }));
}

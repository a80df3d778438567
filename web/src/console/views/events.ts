import { collect, type DailyEventStats } from "../../sdk/index.js";
import { field, h, table } from "../dom.js";
import { count, todayUtc } from "../format.js";
import { Loader } from "../loader.js";
import { emptyBox } from "../status.js";
import { frame, mount, onSubmit, type ViewContext } from "../view.js";

/** More names than this in one day is not something to read in a table. */
const MAX_ROWS = 5000;

const state = { date: "" };

/** One UTC day's event counts (GetEventStats), every page of them. */
export function eventsView(ctx: ViewContext): () => void {
  const { section, status } = frame("events", "Event stats",
    "Usage events counted per UTC day and name. Unique users are anonymized wallets; raw wallets are never stored.");
  const date = h("input", { name: "date", type: "date", value: state.date || todayUtc(), required: true });
  const form = h("form", { class: "filters", "aria-label": "Event stats day" }, field("Day (UTC)", date));
  const results = h("div", { class: "results", id: "event-results" });
  const loader = new Loader(results, status, ctx.origin);

  function load(): void {
    const day = state.date || todayUtc();
    void loader.run(`the stats of ${day}`,
      (signal) => collect(ctx.atlas.iterate.eventStats({ startDate: day, endDate: day, pageSize: 1000 }, { signal }), MAX_ROWS),
      (stats) => {
        const total = stats.reduce((sum, s) => sum + s.count, 0n);
        return {
          summary: stats.length
            ? `${count(total)} events of ${stats.length} kind${stats.length === 1 ? "" : "s"} on ${day}.`
            : `No events on ${day}.`,
          content: stats.length ? statsTable(stats, total)
            : emptyBox(`No events were counted on ${day}.`,
              "Events arrive through IngestEvents and StreamEvents; counts show up here within a second."),
        };
      },
      load);
  }

  date.addEventListener("change", () => {
    if (date.value) {
      state.date = date.value;
      load();
    }
  });
  onSubmit(form);
  return mount(ctx, section, [form, status, results], load, () => loader.cancel());
}

function statsTable(stats: readonly DailyEventStats[], total: bigint): HTMLElement {
  const t = table("Event stats", ["Event", "Count", "Unique users"], stats,
    (s) => [h("code", null, s.name), count(s.count), count(s.uniqueUsers)],
    (s) => ({ "data-event": s.name }));
  t.append(h("tfoot", null, h("tr", null, h("th", { scope: "row" }, "All events"), h("td", null, count(total)),
    h("td", null, ""))));
  return t;
}

import type { Channel } from "../../sdk/index.js";
import { h, type Child } from "../dom.js";
import { time } from "../format.js";
import { Loader } from "../loader.js";
import { frame, mount, type ViewContext } from "../view.js";

/** One channel's details (GetChannel), linked from the search. */
export function channelView(ctx: ViewContext, id: string): () => void {
  const { section, heading, status } = frame("channel", "Channel",
    h("a", { href: "#/channels", class: "back" }, h("span", { "aria-hidden": "true" }, "‹ "), "Back to channels"));
  const results = h("div", { class: "results", id: "channel-details" });
  const loader = new Loader(results, status, ctx.origin);

  function load(): void {
    void loader.run("the channel",
      (signal) => ctx.atlas.catalog.getChannel({ id }, { signal }),
      (res) => {
        const c = res.channel;
        if (!c) {
          return { summary: "The server sent no channel.", content: null };
        }
        heading.textContent = c.name;
        document.title = `${c.name} · Atlas Transport console`;
        return { summary: `Channel ${c.id}.`, content: details(c) };
      },
      load);
  }

  return mount(ctx, section, [status, results], load, () => loader.cancel());
}

function details(c: Channel): HTMLElement {
  const rows: [string, Child][] = [
    ["ID", h("code", null, c.id)],
    ["Stream URL", h("a", { href: c.url, rel: "noreferrer noopener", class: "url" }, c.url)],
    ["Group", c.group || "—"],
    ["Language", c.language || "—"],
    ["Quality", c.quality || "—"],
    ["Labels", c.labels.length ? c.labels.join(", ") : "—"],
    ["TVG ID", c.tvgId || "—"],
    ["HTTP referrer", c.httpReferrer || "—"],
    ["User agent", c.userAgent || "—"],
    ["Source", c.source || "—"],
    ["Created", time(c.createTime)],
    ["Updated", time(c.updateTime)],
  ];
  const logo = /^https?:\/\//.test(c.logo)
    ? h("img", { class: "logo", src: c.logo, alt: `${c.name} logo`, loading: "lazy", referrerpolicy: "no-referrer" })
    : null;
  if (logo) {
    logo.addEventListener("error", () => logo.remove()); // an unreachable logo is simply not shown
  }
  return h("div", { class: "channel-details" },
    logo,
    h("dl", { class: "details" }, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
}

import type { Channel } from "../../sdk/index.js";
import { field, h, replace, select, table } from "../dom.js";
import { Loader } from "../loader.js";
import { Pager, PagerNav } from "../pager.js";
import { emptyBox } from "../status.js";
import { debounce, frame, mount, onSubmit, type ViewContext } from "../view.js";

const PAGE_SIZES: [string, string][] = [["5", "5"], ["10", "10"], ["20", "20"], ["50", "50"]];

/** Kept while the console is open, so coming back from a channel's details shows the same page. */
const state = {
  query: "",
  group: "",
  language: "",
  pageSize: 10,
  pager: new Pager(),
  groups: new Set<string>(),
  languages: new Set<string>(),
};

/** Channel search: name, group and language filters, previous/next pages, links to the details. */
export function channelsView(ctx: ViewContext): () => void {
  const { section, status } = frame("channels", "Channels",
    "TV channels imported from M3U playlists. Filters match whole group and language names, in any case.");
  const query = h("input", { name: "query", type: "search", value: state.query, autocomplete: "off" });
  const group = h("input", { name: "group", list: "channel-groups", value: state.group, autocomplete: "off" });
  const language = h("input", { name: "language", list: "channel-languages", value: state.language, autocomplete: "off" });
  const pageSize = select("pageSize", PAGE_SIZES, String(state.pageSize));
  const groups = h("datalist", { id: "channel-groups" });
  const languages = h("datalist", { id: "channel-languages" });
  const form = h("form", { class: "filters", role: "search", "aria-label": "Channel search" },
    field("Name contains", query), field("Group", group), field("Language", language),
    field("Per page", pageSize),
    h("div", { class: "actions" },
      h("button", { type: "submit" }, "Search"),
      h("button", { type: "reset", class: "secondary" }, "Clear")),
    groups, languages);
  const results = h("div", { class: "results", id: "channel-results" });
  const pagerNav = new PagerNav("Channel pages", state.pager, () => load());
  const loader = new Loader(results, status, ctx.origin, () => pagerNav.hide());

  function load(): void {
    const size = state.pageSize;
    void loader.run("channels",
      (signal) => ctx.atlas.catalog.listChannels({
        query: state.query, group: state.group, language: state.language,
        pageSize: size, pageToken: state.pager.token,
      }, { signal }),
      (res) => {
        state.pager.next = res.nextPageToken;
        pagerNav.update(Math.ceil(res.totalSize / size));
        remember(res.channels);
        const first = (state.pager.page - 1) * size + 1;
        const summary = res.totalSize === 0
          ? "No channels match."
          : `Channels ${first}–${first + res.channels.length - 1} of ${res.totalSize}${filterText()}.`;
        return { summary, content: res.channels.length ? channelTable(res.channels) : noChannels() };
      },
      load);
  }

  function search(): void {
    typing.cancel();
    state.query = query.value.trim();
    state.group = group.value.trim();
    state.language = language.value.trim();
    state.pageSize = Number(pageSize.value);
    state.pager.reset();
    load();
  }

  function remember(channels: readonly Channel[]): void {
    for (const c of channels) {
      if (c.group) state.groups.add(c.group);
      if (c.language) state.languages.add(c.language);
    }
    replace(groups, [...state.groups].sort().map((g) => h("option", { value: g })));
    replace(languages, [...state.languages].sort().map((l) => h("option", { value: l })));
  }

  const typing = debounce(search, 400);
  onSubmit(form, search);
  form.addEventListener("reset", (e) => {
    e.preventDefault(); // a native reset would bring back the values the fields were created with
    query.value = group.value = language.value = "";
    search();
  });
  for (const input of [query, group, language]) {
    input.addEventListener("input", typing);
  }
  pageSize.addEventListener("change", search);

  return mount(ctx, section, [form, status, results, pagerNav.element], load, typing.cancel, () => loader.cancel());
}

function filterText(): string {
  const parts = [
    state.query && `name contains “${state.query}”`,
    state.group && `group “${state.group}”`,
    state.language && `language “${state.language}”`,
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

function channelTable(channels: readonly Channel[]): HTMLTableElement {
  return table("Channels", ["Name", "Group", "Language", "Quality", "Labels"], channels,
    (c) => [
      h("a", { href: `#/channels/${encodeURIComponent(c.id)}`, class: "channel-link" }, c.name),
      c.group || dash(),
      c.language || dash(),
      c.quality || dash(),
      c.labels.length ? c.labels.map((l) => h("span", { class: "tag" }, l)) : dash(),
    ],
    (c) => ({ "data-channel-id": c.id }));
}

function noChannels(): HTMLElement {
  if (state.query || state.group || state.language) {
    return emptyBox("No channels match these filters.", "Try another name, group or language, or clear the filters.");
  }
  return emptyBox("No channels yet.",
    "Import a playlist with ImportChannels, e.g. ",
    h("code", null, "curl -X POST …/v1/channels:import -d '{\"playlistUrl\": \"https://…/de.m3u\"}'"), ".");
}

function dash(): HTMLElement {
  return h("span", { class: "none", "aria-label": "none" }, "—");
}

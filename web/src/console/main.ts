import { createAtlasClient } from "../sdk/index.js";
import "./styles.css";
import type { View, ViewContext } from "./view.js";
import { assetsView } from "./views/assets.js";
import { channelView } from "./views/channel.js";
import { channelsView } from "./views/channels.js";
import { eventsView } from "./views/events.js";
import { nodesView } from "./views/nodes.js";
import { relaysView } from "./views/relays.js";

/** The optional API key lives in this tab's session storage only (gone when the tab closes). */
const KEY_STORAGE = "atlas.apiKey";

const views: Record<string, View> = {
  channels: (ctx, id) => (id ? channelView(ctx, id) : channelsView(ctx)),
  nodes: nodesView,
  assets: assetsView,
  events: eventsView,
  relays: relaysView,
};

const origin = window.location.origin;
const main = document.getElementById("main") as HTMLElement;
const ctx: ViewContext = {
  // Same origin as the page: the server that served the console answers its gRPC-Web calls.
  atlas: createAtlasClient({ baseUrl: origin, apiKey: () => sessionStorage.getItem(KEY_STORAGE) ?? undefined }),
  origin,
  root: main,
};
let leave: (() => void) | undefined;
let firstRoute = true;

function route(): void {
  const [section = "", ...rest] = window.location.hash.replace(/^#\/?/, "").split("/");
  if (!views[section]) {
    window.location.replace("#/channels");
    return;
  }
  leave?.();
  main.replaceChildren();
  document.title = "Atlas Transport console";
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav.sections a")) {
    if (link.dataset.section === section) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  leave = views[section](ctx, ...rest.map(decodeURIComponent));
  if (!firstRoute) {
    // Keyboard and screen-reader users land on the new view's heading, not back at the top.
    main.querySelector<HTMLElement>("h2")?.focus();
  }
  firstRoute = false;
}

function setUpApiKey(): void {
  const form = document.getElementById("api-key-form") as HTMLFormElement;
  const input = document.getElementById("api-key") as HTMLInputElement;
  const status = document.getElementById("api-key-status") as HTMLElement;
  const show = () => {
    status.textContent = sessionStorage.getItem(KEY_STORAGE)
      ? "A key is set: calls send it as a bearer token."
      : "No key: calls are anonymous.";
  };
  input.value = sessionStorage.getItem(KEY_STORAGE) ?? "";
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (key) {
      sessionStorage.setItem(KEY_STORAGE, key);
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
    }
    show();
    route(); // reload the current view with the new key
  });
  document.getElementById("api-key-forget")?.addEventListener("click", () => {
    sessionStorage.removeItem(KEY_STORAGE);
    input.value = "";
    show();
    route();
  });
  show();
}

(document.getElementById("server-origin") as HTMLElement).textContent = origin;
setUpApiKey();
window.addEventListener("hashchange", route);
route();

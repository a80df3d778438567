import type { AtlasClient } from "../sdk/index.js";
import { h, type Child } from "./dom.js";

export interface ViewContext {
  atlas: AtlasClient;
  /** Where the server is, for messages ("nothing answered at …"). */
  origin: string;
  /** Where the view renders. */
  root: HTMLElement;
}

/** Renders into ctx.root; returns what to do when the view is left (cancel loads, timers). */
export type View = (ctx: ViewContext, ...args: string[]) => () => void;

/** The frame every view shares: a focusable heading, an intro, and a live status line. */
export function frame(id: string, title: string, intro: Child): {
  section: HTMLElement;
  heading: HTMLHeadingElement;
  status: HTMLElement;
} {
  const heading = h("h2", { id: `${id}-title`, tabindex: -1 }, title);
  const status = h("p", { id: `${id}-status`, class: "summary", role: "status", "aria-live": "polite" });
  const section = h("section", { class: "view", id, "aria-labelledby": heading.id },
    heading, h("p", { class: "intro" }, intro));
  return { section, heading, status };
}

/** Calls `fn` once the user has stopped typing for `ms`. */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

/** Enter in the form (or its submit button) runs `apply` instead of reloading the page. */
export function onSubmit(form: HTMLFormElement, apply: () => void = () => {}): void {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
}

/** Puts a view's parts on the page and starts its first load; returns what leaving the view stops. */
export function mount(
  ctx: ViewContext,
  section: HTMLElement,
  parts: readonly HTMLElement[],
  load: () => void,
  ...stops: (() => void)[]
): () => void {
  section.append(...parts);
  ctx.root.append(section);
  load();
  return () => stops.forEach((stop) => stop());
}

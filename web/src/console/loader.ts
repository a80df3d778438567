import { append, type Child } from "./dom.js";
import { errorBox } from "./status.js";

/**
 * Runs the loads of one region of the page: the region says it is busy while a call runs (old
 * results stay, dimmed), a newer load cancels the older one, and a failure replaces the results with
 * an alert that offers to retry. Nothing is ever left blank.
 */
export class Loader {
  private controller?: AbortController;

  constructor(
    private readonly region: HTMLElement,
    private readonly status: HTMLElement,
    private readonly origin: string,
    /** Called when a load fails (e.g. to hide page buttons that belong to results no longer shown). */
    private readonly onError: () => void = () => {},
  ) {}

  async run<T>(
    what: string,
    fetch: (signal: AbortSignal) => Promise<T>,
    render: (data: T) => { summary: string; content: Child },
    retry: () => void,
  ): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.region.setAttribute("aria-busy", "true");
    this.region.classList.add("loading");
    this.status.textContent = `Loading ${what}…`;
    if (!this.region.hasChildNodes()) {
      append(this.region, [skeleton()]);
    }
    try {
      const data = await fetch(controller.signal);
      if (controller.signal.aborted) {
        return;
      }
      const { summary, content } = render(data);
      this.region.replaceChildren();
      append(this.region, [content]);
      this.status.textContent = summary;
    } catch (e) {
      if (controller.signal.aborted) {
        return;
      }
      this.region.replaceChildren(errorBox(e, this.origin, retry));
      this.onError();
      this.status.textContent = `Could not load ${what}.`;
    } finally {
      if (this.controller === controller) {
        this.region.removeAttribute("aria-busy");
        this.region.classList.remove("loading");
      }
    }
  }

  /** Stops whatever is loading (the view is being left). */
  cancel(): void {
    this.controller?.abort();
  }
}

function skeleton(): HTMLElement {
  const el = document.createElement("div");
  el.className = "skeleton";
  el.setAttribute("aria-hidden", "true");
  return el;
}

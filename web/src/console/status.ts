import { Code, atlasError, type AtlasError } from "../sdk/index.js";
import { h } from "./dom.js";

export interface Problem {
  title: string;
  detail: string;
  /** Milliseconds to wait before a retry makes sense (from RetryInfo / Retry-After). */
  waitMs?: number;
}

/** What a person should read for a failed call: what happened and what to do about it. */
export function describe(e: AtlasError, origin: string): Problem {
  if (e.unreachable) {
    return {
      title: "The Atlas server can't be reached",
      detail: `Nothing answered at ${origin}. Check that the server is running, then try again.`,
    };
  }
  const field = e.field ? ` (field ${e.field})` : "";
  switch (e.code) {
    case Code.ResourceExhausted:
      return {
        title: "Too many requests",
        detail: e.retryAfterMs !== undefined
          ? `The server is limiting requests and asks to wait ${Math.ceil(e.retryAfterMs / 1000)} s before trying again.`
          : `The server is busy: ${e.message}. Wait a moment, then try again.`,
        waitMs: e.retryAfterMs,
      };
    case Code.Unavailable:
      return {
        title: "The server is unavailable right now",
        detail: `${e.message || "It answered UNAVAILABLE"}. Try again in a moment.`,
        waitMs: e.retryAfterMs,
      };
    case Code.Unauthenticated:
      return { title: "An API key is needed", detail: "Enter an API key at the top of the page, then try again." };
    case Code.PermissionDenied:
      return { title: "This API key may not do that", detail: e.message };
    case Code.InvalidArgument:
      return { title: "The server did not accept the request", detail: e.message + field };
    case Code.NotFound:
      return { title: "Not found", detail: e.message };
    case Code.DeadlineExceeded:
      return { title: "The server took too long to answer", detail: "Try again; if it keeps happening, narrow the search." };
    default:
      return { title: "Something went wrong", detail: `${e.codeName}: ${e.message || "no message"}` };
  }
}

/** An alert with the problem and a retry button (held back while the server asks to wait). */
export function errorBox(reason: unknown, origin: string, retry: () => void): HTMLElement {
  const problem = describe(atlasError(reason), origin);
  const button = h("button", { type: "button", onclick: () => retry() }, "Try again");
  if (problem.waitMs && problem.waitMs > 0) {
    holdBack(button, problem.waitMs);
  }
  return h("div", { class: "notice error", role: "alert" },
    h("p", { class: "title" }, problem.title),
    h("p", null, problem.detail),
    button);
}

function holdBack(button: HTMLButtonElement, waitMs: number): void {
  const until = Date.now() + waitMs;
  button.disabled = true;
  const show = () => {
    const left = Math.ceil((until - Date.now()) / 1000);
    button.textContent = left > 0 ? `Try again in ${left} s` : "Try again";
    button.disabled = left > 0;
    return left > 0;
  };
  const tick = () => {
    if (button.isConnected && show()) {
      setTimeout(tick, 250);
    }
  };
  show();
  setTimeout(tick, 250);
}

/** A friendly empty state: what is missing and how to get some. */
export function emptyBox(title: string, ...hint: (string | Node)[]): HTMLElement {
  return h("div", { class: "notice empty" }, h("p", { class: "title" }, title), hint.length ? h("p", null, hint) : null);
}

import { h } from "./dom.js";

/**
 * Previous/next over a token-paged listing: remembers the token of every page it went through, so
 * "previous" asks again for the page before (tokens only lead forward).
 */
export class Pager {
  private tokens: string[] = [""];
  /** The token of the page after the current one ("" on the last page). */
  next = "";

  /** 1-based number of the current page. */
  get page(): number {
    return this.tokens.length;
  }

  get token(): string {
    return this.tokens[this.tokens.length - 1];
  }

  reset(): void {
    this.tokens = [""];
    this.next = "";
  }

  forward(): boolean {
    if (!this.next) {
      return false;
    }
    this.tokens.push(this.next);
    this.next = "";
    return true;
  }

  back(): boolean {
    if (this.tokens.length <= 1) {
      return false;
    }
    this.tokens.pop();
    this.next = "";
    return true;
  }
}

/**
 * The page buttons under a table. They stay in the page across loads, and an unavailable move is
 * aria-disabled rather than disabled, so keyboard focus stays on the button that was pressed.
 */
export class PagerNav {
  readonly element: HTMLElement;
  private readonly previous: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly position: HTMLElement;

  constructor(label: string, private readonly pager: Pager, onMove: () => void) {
    this.previous = h("button", { type: "button", class: "previous", "aria-disabled": "true" },
      h("span", { "aria-hidden": "true" }, "‹ "), "Previous");
    this.nextButton = h("button", { type: "button", class: "next", "aria-disabled": "true" },
      "Next", h("span", { "aria-hidden": "true" }, " ›"));
    this.position = h("span", { class: "position" });
    this.previous.addEventListener("click", () => pager.back() && onMove());
    this.nextButton.addEventListener("click", () => pager.forward() && onMove());
    this.element = h("nav", { class: "pager", "aria-label": label, hidden: true },
      this.previous, this.position, this.nextButton);
  }

  /** While the table shows no page (loading failed), there is nothing to page through. */
  hide(): void {
    this.element.hidden = true;
  }

  /** After a load: which moves are possible, and "Page 2 of 3" when the total is known; hidden for a lone page. */
  update(totalPages?: number): void {
    this.element.hidden = this.pager.page === 1 && !this.pager.next; // one page: nothing to move to
    this.previous.setAttribute("aria-disabled", String(this.pager.page <= 1));
    this.nextButton.setAttribute("aria-disabled", String(!this.pager.next));
    this.position.textContent = totalPages
      ? `Page ${this.pager.page} of ${Math.max(totalPages, 1)}`
      : `Page ${this.pager.page}`;
  }
}

/** A few lines of DOM building: text always goes in as text (playlist data is never parsed as HTML). */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Props = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (typeof value === "function") {
      el.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(name, "");
    } else if (value !== false && value !== null && value !== undefined) {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table with a caption, a header row and one row per item; cells are whatever `cells` returns. */
export function table<T>(
  caption: string,
  headers: readonly string[],
  rows: readonly T[],
  cells: (row: T, index: number) => Child[],
  rowProps?: (row: T) => Props,
): HTMLTableElement {
  return h("table", { class: "data" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", null, h("tr", null, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, rows.map((r, i) => h("tr", rowProps?.(r) ?? null, cells(r, i).map((c) => h("td", null, c))))),
  );
}

let fieldIds = 0;

/** A control with its label (label for=id, so the control's accessible name is exactly the label). */
export function field(label: string, control: HTMLElement, hint?: string): HTMLDivElement {
  control.id ||= `field-${++fieldIds}`;
  return h("div", { class: "field" }, h("label", { for: control.id, class: "label" }, label), control,
    hint ? h("span", { class: "hint" }, hint) : null);
}

export function select(name: string, options: readonly [value: string, label: string][], value: string): HTMLSelectElement {
  return h("select", { name }, options.map(([v, l]) => h("option", { value: v, selected: v === value }, l)));
}

export function badge(text: string, tone: "ok" | "off" | "neutral"): HTMLSpanElement {
  return h("span", { class: `badge ${tone}` }, text);
}

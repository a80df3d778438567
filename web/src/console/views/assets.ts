import type { AssetManifest, ManifestAsset } from "../../sdk/index.js";
import { field, h, select, table } from "../dom.js";
import { bytes, count, time } from "../format.js";
import { Loader } from "../loader.js";
import { emptyBox } from "../status.js";
import { frame, mount, onSubmit, type ViewContext } from "../view.js";

const TYPES: [string, string][] = [["sdk", "SDKs"], ["bundle", "Bundles"], ["game", "Games"], ["media", "Media"]];

const state = { type: "sdk" };

/** The asset manifest of one type (GetAssetManifest): every stored asset with its size and sha256. */
export function assetsView(ctx: ViewContext): () => void {
  const { section, status } = frame("assets", "Assets",
    "What clients download, by type, from the asset manifests. Each asset is served at /content/{id}.");
  const type = select("type", TYPES, state.type);
  const form = h("form", { class: "filters", "aria-label": "Asset manifest options" }, field("Type", type));
  const results = h("div", { class: "results", id: "asset-results" });
  const loader = new Loader(results, status, ctx.origin);

  function load(): void {
    const kind = state.type;
    void loader.run(`the ${kind} manifest`,
      (signal) => ctx.atlas.catalog.getAssetManifest({ type: kind }, { signal }),
      (res) => {
        const m = res.manifest;
        const assets = m?.assets ?? [];
        return {
          summary: assets.length
            ? `${count(assets.length)} ${kind} asset${assets.length === 1 ? "" : "s"}, ${bytes(m?.totalSize ?? 0n)} in all.`
            : `No ${kind} assets.`,
          content: m && assets.length ? manifest(m) : emptyBox(`No ${kind} assets yet.`,
            "Upload one, e.g. ", h("code", null, `curl -T file.zip '${ctx.origin}/content/my-${kind}?type=${kind}'`), "."),
        };
      },
      load);
  }

  type.addEventListener("change", () => {
    state.type = type.value;
    load();
  });
  onSubmit(form);
  return mount(ctx, section, [form, status, results], load, () => loader.cancel());
}

function manifest(m: AssetManifest): HTMLElement {
  return h("div", null,
    h("p", { class: "meta" }, "Manifest ETag ", h("code", null, m.etag), ", generated ", time(m.generateTime), "."),
    table("Assets", ["ID", "Size", "SHA-256", "ETag"], m.assets,
      (a: ManifestAsset) => [
        h("a", { href: a.url || `/content/${encodeURIComponent(a.id)}` }, a.id),
        a.sha256 ? h("span", { title: `${count(a.size)} bytes` }, bytes(a.size)) : "not fetched yet",
        a.sha256 ? h("code", { class: "hash" }, a.sha256) : "—",
        a.etag ? h("code", null, a.etag) : "—",
      ],
      (a) => ({ "data-asset-id": a.id })));
}

// The console in real Chromium (Debian's, driven by playwright-core), against a running Atlas server:
//   ATLAS_URL=http://127.0.0.1:8080 ATLAS_FIXTURE=…/iptv-org-de-excerpt.m3u ATLAS_OUTPUT_DIR=out node test/console.browser.mjs
// Run by atlas-server's ConsoleBrowserIT (./mvnw verify) against the packaged jar. What the page shows
// is checked against the HTTP/JSON API, a different transport from the page's gRPC-Web.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack, DurationSchema } from "@bufbuild/protobuf/wkt";
import { chromium } from "playwright-core";
import { RetryInfoSchema } from "../lib/gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../lib/gen/google/rpc/status_pb.js";
import { seed, WALLETS } from "./seed.mjs";

const base = required("ATLAS_URL").replace(/\/+$/, "");
const fixture = required("ATLAS_FIXTURE");
const out = process.env.ATLAS_OUTPUT_DIR ?? "test-output";
const executablePath = process.env.ATLAS_TEST_CHROMIUM ?? "/usr/bin/chromium";
// Debian's Chromium as root, on a machine whose only network is loopback.
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let passed = 0;
const failures = [];
async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failures.push(name);
    console.log(`not ok - ${name}\n${e?.stack ?? e}`);
    throw e; // later steps build on earlier ones
  }
}

/** The HTTP/JSON API: the page's claims are checked against it. */
async function api(path) {
  const res = await fetch(base + path);
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

const rows = (page, region) => page.$$eval(`#${region} tbody tr`, (trs) => trs.map((tr) => ({
  id: tr.dataset.channelId ?? tr.dataset.wallet ?? tr.dataset.relayId ?? tr.dataset.assetId ?? tr.dataset.event,
  cells: [...tr.cells].map((td) => td.innerText.trim()),
})));
const waitStatus = (page, id, text) => page.locator(`#${id}`, { hasText: text }).waitFor();

async function channelRowsMatch(page, apiPage) {
  const shown = await rows(page, "channel-results");
  assert.deepEqual(shown.map((r) => [r.id, r.cells[0]]), apiPage.channels.map((c) => [c.id, c.name]));
}

async function main() {
  await mkdir(out, { recursive: true });
  let seeded;
  await step("seed over gRPC-Web with the atlas-web SDK (import follows next_page_token: 6 News channels)", async () => {
    seeded = await seed(base, fixture);
  });

  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text())
      && problems.push(`console error: ${m.text()}`));

    await step("/ opens the channel search with every channel", async () => {
      await page.goto(base + "/");
      assert.match(page.url(), /#\/channels$/);
      await waitStatus(page, "channels-status", "Channels 1–10 of 30.");
      await channelRowsMatch(page, await api("/v1/channels?pageSize=10"));
      assert.equal(await page.locator("nav.sections a[aria-current=page]").innerText(), "Channels");
    });

    await step("search by name", async () => {
      await page.getByLabel("Name contains").fill("tv");
      await page.getByLabel("Name contains").press("Enter");
      const expected = await api("/v1/channels?query=tv&pageSize=10");
      assert.ok(expected.totalSize > 0);
      await waitStatus(page, "channels-status", `of ${expected.totalSize} (name contains “tv”)`);
      await channelRowsMatch(page, expected);
    });

    await step("clear, then filter by group News, 5 per page, then next and previous pages", async () => {
      await page.getByRole("button", { name: "Clear" }).click();
      await waitStatus(page, "channels-status", "Channels 1–10 of 30.");
      assert.equal(await page.getByLabel("Name contains").inputValue(), "");
      await page.getByLabel("Group", { exact: true }).fill("News");
      await page.getByLabel("Per page", { exact: true }).selectOption("5");
      await page.getByRole("button", { name: "Search" }).click();
      const first = await api("/v1/channels?group=News&pageSize=5");
      assert.equal(first.totalSize, 6);
      await waitStatus(page, "channels-status", "Channels 1–5 of 6 (group “News”).");
      await channelRowsMatch(page, first);
      await page.getByRole("navigation", { name: "Channel pages" }).getByText("Page 1 of 2").waitFor();

      await page.getByRole("button", { name: "Next" }).click();
      await waitStatus(page, "channels-status", "Channels 6–6 of 6");
      await channelRowsMatch(page, await api(`/v1/channels?group=News&pageSize=5&pageToken=${encodeURIComponent(first.nextPageToken)}`));
      assert.equal(await page.getByRole("button", { name: "Next" }).getAttribute("aria-disabled"), "true");

      await page.getByRole("button", { name: "Previous" }).click();
      await waitStatus(page, "channels-status", "Channels 1–5 of 6");
      await channelRowsMatch(page, first);
      await page.screenshot({ path: join(out, "console-channels.png"), fullPage: true });
    });

    await step("a channel's details, opened with the keyboard", async () => {
      const first = (await api("/v1/channels?group=News&pageSize=1")).channels[0];
      await page.locator(`#channel-results tr[data-channel-id="${first.id}"] a`).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 2, name: first.name }).waitFor();
      const details = await api(`/v1/channels/${first.id}`);
      const dl = page.locator("#channel-details dl");
      await dl.getByText(details.url, { exact: true }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H2", "focus moves to the heading");
      await page.getByRole("link", { name: "Back to channels" }).click();
      await waitStatus(page, "channels-status", "Channels 1–5 of 6 (group “News”).");
    });

    await step("today's node leaderboard by bytes and by uptime, with online status", async () => {
      await page.getByRole("link", { name: "Nodes", exact: true }).click();
      await waitStatus(page, "nodes-status", "3 of these online now");
      const byBytes = await api("/v1/nodes?orderBy=bytes_served%20desc");
      let shown = await rows(page, "node-results");
      assert.deepEqual(shown.map((r) => r.id), byBytes.dailyMetrics.map((m) => m.walletAddress));
      assert.deepEqual(shown.map((r) => r.id), [...WALLETS].reverse());
      assert.ok(shown.every((r) => r.cells[2] === "Online"), JSON.stringify(shown));
      await page.getByLabel("Rank by", { exact: true }).selectOption("uptime_ms desc");
      await waitStatus(page, "nodes-status", "by uptime");
      const byUptime = await api("/v1/nodes?orderBy=uptime_ms%20desc");
      shown = await rows(page, "node-results");
      assert.deepEqual(shown.map((r) => r.id), byUptime.dailyMetrics.map((m) => m.walletAddress));
      assert.equal(shown[0].id, WALLETS[0]);
      await page.screenshot({ path: join(out, "console-nodes.png"), fullPage: true });
    });

    await step("assets by type from the manifest, with size and sha256; an empty type says so", async () => {
      await page.getByRole("link", { name: "Assets", exact: true }).click();
      await waitStatus(page, "assets-status", "1 sdk asset");
      const [row] = await rows(page, "asset-results");
      assert.equal(row.id, seeded.asset.id);
      assert.equal(row.cells[2], seeded.asset.sha256);
      await page.getByLabel("Type", { exact: true }).selectOption("game");
      await page.locator("#asset-results .notice.empty", { hasText: "No game assets yet." }).waitFor();
    });

    await step("the day's event stats", async () => {
      await page.getByRole("link", { name: "Events", exact: true }).click();
      await waitStatus(page, "events-status", "3 events of 2 kinds");
      const shown = await rows(page, "event-results");
      assert.deepEqual(shown.map((r) => r.cells), [["app.open", "1", "1"], ["stream.start", "2", "2"]]);
    });

    await step("relays with their status", async () => {
      await page.getByRole("link", { name: "Relays", exact: true }).click();
      await waitStatus(page, "relays-status", "1 relay on this page, 1 online.");
      const [row] = await rows(page, "relay-results");
      assert.equal(row.id, "relay-eu-1");
      assert.deepEqual(row.cells.slice(1, 3), ["eu-west", "Online"]);
    });

    await step("errors: unknown channel, server unreachable (then retry), 429 with RetryInfo", async () => {
      await page.goto(base + "/#/channels/no-such-channel");
      await page.getByRole("alert").filter({ hasText: "Not found" }).waitFor();

      await page.route("**/atlas.v1.CatalogService/ListChannels", (route) => route.abort("connectionrefused"));
      await page.getByRole("link", { name: "Channels", exact: true }).click();
      const down = page.getByRole("alert").filter({ hasText: "The Atlas server can't be reached" });
      await down.waitFor();
      await page.unroute("**/atlas.v1.CatalogService/ListChannels");
      await down.getByRole("button", { name: "Try again" }).click();
      await waitStatus(page, "channels-status", "of 6 (group “News”).");

      const status = create(StatusSchema, { code: 8, message: "read budget exhausted",
        details: [anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: 3n }) }))] });
      await page.route("**/atlas.v1.CatalogService/ListChannels", (route) => route.fulfill({ status: 200, body: "",
        headers: { "content-type": "application/grpc-web+proto", "grpc-status": "8", "grpc-message": "read budget exhausted",
          "grpc-status-details-bin": Buffer.from(toBinary(StatusSchema, status)).toString("base64") } }));
      await page.getByRole("button", { name: "Search" }).click();
      const limited = page.getByRole("alert").filter({ hasText: "Too many requests" });
      await limited.getByText("asks to wait 3 s").waitFor();
      assert.ok(await limited.getByRole("button").isDisabled(), "retry is held back while the server asks to wait");
      await page.screenshot({ path: join(out, "console-429.png") });
      await page.unroute("**/atlas.v1.CatalogService/ListChannels");
    });

    await step("an API key is kept in session storage and sent as a bearer token", async () => {
      const sent = [];
      page.on("request", (r) => r.url().includes("/atlas.v1.") && sent.push(r.headers()["authorization"]));
      await page.getByLabel("API key").fill("console-test-key");
      await page.getByRole("button", { name: "Use key" }).click();
      await page.locator("#api-key-status", { hasText: "A key is set" }).waitFor();
      await waitStatus(page, "channels-status", "of 6");
      assert.equal(await page.evaluate(() => sessionStorage.getItem("atlas.apiKey")), "console-test-key");
      assert.ok(sent.includes("Bearer console-test-key"), JSON.stringify(sent));
      sent.length = 0;
      await page.getByRole("button", { name: "Forget" }).click();
      await waitStatus(page, "channels-status", "of 6");
      assert.ok(sent.length > 0 && sent.every((h) => h === undefined), JSON.stringify(sent));
    });

    await step("no script errors on the page", async () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await browser.close();
  }
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

const deadline = setTimeout(() => {
  console.log("not ok - the browser test took longer than 150 s");
  process.exit(1);
}, 150_000);
try {
  await main();
} catch (e) {
  if (!failures.length) {
    failures.push("setup"); // not inside a step (e.g. Chromium did not start)
    console.log(`not ok - setup\n${e?.stack ?? e}`);
  }
} finally {
  clearTimeout(deadline);
  console.log(`${passed} passed, ${failures.length} failed`);
  process.exitCode = failures.length ? 1 : 0;
}

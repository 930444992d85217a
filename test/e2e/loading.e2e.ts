import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserSuite, RESULTS_DIR } from "./browser";

/** Chrome DevTools' "Fast 3G" as issue #14 states it: 1.6 Mbps down, 750 kbps up, 150 ms round trip. */
const FAST_3G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
/** Issue #14 §4: the name screen is ready within this, on Fast 3G with nothing cached. */
const READY_WITHIN_MS = 3000;

interface Transfer {
  url: string;
  type: string;
  encoding: string;
  /** Bytes on the wire, headers included (CDP's encodedDataLength). */
  bytes: number;
  /** When it was asked for and when its last byte arrived, in ms from the page's request. */
  start: number;
  end: number;
}

interface BootState {
  /** At DOMContentLoaded, before the module script has run. */
  loaderInDom: boolean;
  nameInputInDom: boolean;
}

/** What one cold load of the page on Fast 3G showed. */
interface Load {
  html: string;
  boot: BootState;
  /** The loader was on screen while the name input did not exist yet. */
  loaderShownFirst: boolean;
  /** Times from the navigation's start, in ms (the page's performance.now()). */
  firstContentfulPaint: number;
  ready: number;
  loaderHiddenWhenReady: boolean;
  transfers: Transfer[];
  errors: string[];
}

/** Loads `url` in a fresh context with the HTTP cache off and the network throttled, until the name screen is ready. */
async function coldLoad(browser: Browser, url: string): Promise<Load> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    const page: Page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));

    const cdp = await context.newCDPSession(page);
    // CDP's timestamps are seconds on a monotonic clock; the page's own request is zero.
    let zero: number | undefined;
    const ms = (timestamp: number) => Math.round((timestamp - (zero ?? timestamp)) * 1000);
    const started = new Map<string, number>();
    const requests = new Map<string, Omit<Transfer, "bytes" | "end">>();
    const transfers: Transfer[] = [];
    cdp.on("Network.requestWillBeSent", ({ requestId, timestamp }) => {
      zero ??= timestamp;
      started.set(requestId, ms(timestamp));
    });
    cdp.on("Network.responseReceived", ({ requestId, response, type }) => {
      const encoding = Object.entries(response.headers as Record<string, string>).find(([name]) => name.toLowerCase() === "content-encoding")?.[1];
      const url = response.url.startsWith("data:") ? "data:…" : new URL(response.url).pathname;
      requests.set(requestId, { url, type, encoding: encoding ?? "identity", start: started.get(requestId) ?? 0 });
    });
    cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength, timestamp }) => {
      const request = requests.get(requestId);
      if (request && request.url !== "data:…") transfers.push({ ...request, bytes: encodedDataLength, end: ms(timestamp) });
    });
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", FAST_3G);

    // Runs before the page's own scripts (and outside its CSP): what the HTML alone gave, before the app ran.
    await context.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        (window as unknown as { parlorBoot: BootState }).parlorBoot = {
          loaderInDom: document.querySelector("#boot-loader[role=status]") !== null,
          nameInputInDom: document.querySelector("#name-input") !== null,
        };
      });
    });

    const response = await page.goto(url, { waitUntil: "commit" });
    assert.ok(response, "a response for the page");
    const html = await response.text();

    // The loader on screen, and nothing of the app yet.
    await page.waitForSelector("#boot-loader", { state: "visible", timeout: 30_000 });
    const loaderShownFirst = (await page.locator("#name-input").count()) === 0;
    await screenshot(page, "loading-boot-loader");

    const ready = await page.waitForFunction(
      () => {
        const input = document.querySelector<HTMLInputElement>("#name-input");
        if (!input || input.disabled) return null;
        const box = input.getBoundingClientRect();
        const style = getComputedStyle(input);
        return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none" ? performance.now() : null;
      },
      undefined,
      { polling: 50, timeout: 60_000 },
    );
    const readyAt = (await ready.jsonValue()) as number;
    const after = await page.evaluate(() => ({
      boot: (window as unknown as { parlorBoot: BootState }).parlorBoot,
      firstContentfulPaint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      loaderHidden: (() => {
        const loader = document.querySelector("#boot-loader");
        return !loader || loader.getBoundingClientRect().width === 0;
      })(),
    }));
    await screenshot(page, "loading-name-screen");
    return {
      html,
      boot: after.boot,
      loaderShownFirst,
      firstContentfulPaint: after.firstContentfulPaint,
      ready: readyAt,
      loaderHiddenWhenReady: after.loaderHidden,
      transfers,
      errors,
    };
  } finally {
    await context.close();
  }
}

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Issue #14 §4, "it loads fast on a phone": a cold load on Fast 3G, as Chromium throttles it. */
describe("loading on a phone (Chromium, Fast 3G)", function () {
  this.timeout(120_000);
  const suite = browserSuite();
  let load: Load;

  before(async () => {
    load = await coldLoad(suite.browser, `${suite.server.url}/`);
    const scripts = load.transfers.filter((t) => t.type === "Script");
    console.log(
      `      Fast 3G, cold: loader painted at ${Math.round(load.firstContentfulPaint)} ms, name screen ready at ${Math.round(load.ready)} ms; ` +
        `${kB(load.transfers.reduce((sum, t) => sum + t.bytes, 0))} transferred, of which scripts ${kB(scripts.reduce((sum, t) => sum + t.bytes, 0))}`,
    );
    for (const t of load.transfers) {
      console.log(`        ${t.type.padEnd(10)} ${t.encoding.padEnd(8)} ${kB(t.bytes).padStart(9)} ${String(t.start).padStart(5)}–${String(t.end).padEnd(5)} ms  ${t.url}`);
    }
  });

  it("the page's HTML carries the loader, which is on screen before the app and gone once it is", () => {
    assert.match(load.html, /<div id="boot-loader" role="status">/);
    assert.match(load.html, /Loading Parlor…/);
    assert.deepEqual(load.boot, { loaderInDom: true, nameInputInDom: false }, "at DOMContentLoaded");
    assert.equal(load.loaderShownFirst, true, "the loader was visible before the name input existed");
    assert.ok(load.firstContentfulPaint < load.ready, "something was painted before the name screen");
    assert.equal(load.loaderHiddenWhenReady, true);
    assert.deepEqual(load.errors, [], "no page errors");
  });

  it("serves every script and the page compressed", () => {
    const scripts = load.transfers.filter((t) => t.type === "Script");
    assert.ok(scripts.length > 0, "scripts were loaded");
    for (const t of scripts) assert.ok(["br", "gzip"].includes(t.encoding), `${t.url}: ${t.encoding}`);
    const page = load.transfers.find((t) => t.type === "Document");
    assert.ok(page && ["br", "gzip"].includes(page.encoding), `the page: ${page?.encoding}`);
  });

  it("index.html does not preload Phaser's chunk", () => {
    assert.doesNotMatch(load.html, /<link rel="modulepreload"[^>]*phaser-/);
  });

  it(`shows a usable name screen within ${READY_WITHIN_MS} ms`, () => {
    assert.ok(load.ready <= READY_WITHIN_MS, `the name screen was ready at ${Math.round(load.ready)} ms`);
  });
});

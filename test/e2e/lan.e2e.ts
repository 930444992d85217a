import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { CLIENT_DIST } from "../../server/clientBuild";
import { browserSuite, Player } from "./browser";

/** A name other than localhost, as a phone on the LAN would use; Chromium resolves it to the test server. */
const HOST = "parlor.test";

type Violation = { directive: string; blocked: string; source: string; line: number; column: number };

declare global {
  interface Window {
    cspViolations: Violation[];
  }
}

/**
 * msgpackr (inside colyseus.js) probes once whether eval works, `try { Function("") } catch {}`, and decodes without
 * it when it does not. The refusal is reported like any other; it is the only one expected, found by its source.
 */
function isMsgpackrEvalProbe(v: Violation): boolean {
  if (v.directive !== "script-src" || v.blocked !== "eval") return false;
  const file = path.join(CLIENT_DIST, "assets", path.basename(new URL(v.source).pathname));
  if (!fs.existsSync(file)) return false;
  const line = fs.readFileSync(file, "utf8").split("\n")[v.line - 1] ?? "";
  return /^(new )?Function\((``|""|'')\)/.test(line.slice(v.column - 1));
}

/**
 * What a browser refused or could not load on a page: CSP violations (seen by the page itself), failed requests,
 * error responses, requests that left the page's origin (an upgrade to https:// would), and console lines about the
 * security headers.
 */
class PageWatch {
  readonly problems: string[] = [];

  constructor(
    readonly page: Page,
    origin: string,
    ignore: { request?: (url: string) => boolean } = {},
  ) {
    page.on("requestfailed", (r) => ignore.request?.(r.url()) || this.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith("data:") && !ignore.request?.(url)) this.problems.push(`request off the page's origin: ${url}`);
    });
    page.on("response", (r) => r.status() >= 400 && this.problems.push(`HTTP ${r.status()}: ${r.url()}`));
    page.on("websocket", (ws) => ws.url().startsWith(origin.replace(/^http/, "ws")) || this.problems.push(`WebSocket to ${ws.url()}`));
    page.on("console", (m) => {
      if (/Content.Security.Policy|Cross-Origin-Opener-Policy|Origin-Agent-Cluster|Strict-Transport-Security|Mixed Content/i.test(m.text())) {
        this.problems.push(`console ${m.type()}: ${m.text()}`);
      }
    });
  }

  /** Records every `securitypolicyviolation` from the first script on; call before the page loads. */
  static async recordViolations(context: BrowserContext) {
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, column: e.columnNumber }),
      );
    });
  }

  async assertClean() {
    const violations = (await this.page.evaluate(() => window.cspViolations)).filter((v) => !isMsgpackrEvalProbe(v));
    assert.deepEqual(violations, [], "no Content-Security-Policy violations");
    assert.deepEqual(this.problems, [], "nothing refused, failed or upgraded");
  }
}

describe("the page on a LAN, under a host name other than localhost (Chromium)", function () {
  this.timeout(90_000);
  const suite = browserSuite({ chromiumArgs: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
  let origin: string;
  const contexts: BrowserContext[] = [];

  before(() => (origin = `http://${HOST}:${suite.server.port}`));
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  it("loads over plain HTTP and plays a move against the bot, with nothing blocked", async () => {
    const context = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    contexts.push(context);
    await PageWatch.recordViolations(context);
    const page = await context.newPage();
    const p = new Player("phone", context, page);
    const watch = new PageWatch(page, origin);
    await page.goto(origin);
    await page.waitForLoadState("load");
    // With upgrade-insecure-requests the bundle is fetched from https://parlor.test and fails (ERR_SSL_PROTOCOL_ERROR).
    assert.deepEqual(watch.problems, [], "the page and its assets load over http://");

    await p.signUp("Lan");
    await p.click("btn:bot:tictactoe");
    await p.waitForScene("tictactoe");
    await p.waitForText(/^Your turn/);
    const board: string[] = Array.from((await p.gameState()).board);
    const cell = board.indexOf("");
    await p.click(`cell:${cell}`);
    await p.waitForGame((s, c) => s.board[c] !== "", cell);
    // The bot answers over the same socket.
    await p.waitForGame((s, before) => s.board.filter((m: string) => m !== "").length > before + 1, board.filter((m) => m !== "").length);

    await watch.assertClean();
    assert.deepEqual(p.errors, [], "no page errors");
  });

  it("serves the monitor behind its basic auth, working under its own policy", async () => {
    const context = await suite.browser.newContext({ httpCredentials: { username: "admin", password: "test-monitor-password" } });
    contexts.push(context);
    await PageWatch.recordViolations(context);
    const page = await context.newPage();
    // The panel links Material Icons from Google Fonts, which this machine cannot reach.
    const watch = new PageWatch(page, origin, { request: (url) => url.startsWith("https://fonts.googleapis.com/") });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${origin}/monitor/`);
    // The rooms table lists the lobby, fetched from /monitor/api by the panel's script.
    await page.getByRole("cell", { name: "lobby", exact: true }).waitFor({ timeout: 15_000 });
    await watch.assertClean();
    assert.deepEqual(errors, [], "no page errors");
  });
});

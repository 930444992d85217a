import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import type { Config } from "../../base/config";
import { ensureClientBuilt } from "../../server/clientBuild";
import { startTestServer, type TestServer } from "../support/harness";

/** Debian's Chromium; a browser is never downloaded. `CHROMIUM` overrides the path. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const RESULTS_DIR = path.resolve(__dirname, "..", "..", "test-results");

/** `args` are added to Chromium's command line, for example `--host-resolver-rules=MAP parlor.test 127.0.0.1`. */
export async function launchChromium(args: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's \`chromium\` package (.ci/run does).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine has no internet: keep Chromium from reaching for Google's services at every start.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...args],
  });
}

export type Target = { x: number; y: number };

declare global {
  interface Window {
    parlorTest: import("../../client/src/testHook").ParlorTestHook;
  }
}

/**
 * How Player.open opens a page: any of Playwright's context options (`viewport`, 1280×800 unless given; `hasTouch`
 * for `tap`; `isMobile`, `deviceScaleFactor`, …) and:
 */
export interface OpenOptions extends BrowserContextOptions {
  /** Sets the page's Date.now() that far from the real time, like a device whose clock is off. */
  clockSkewMs?: number;
  /** Run on the new context before the page opens (init scripts, permissions). */
  prepare?: (context: BrowserContext) => Promise<void>;
}

/** One player's browser tab, driven through real pointer events at positions the test hook reports. */
export class Player {
  readonly errors: string[] = [];
  /** Set by tests that take the network away: the browser then logs failed connections, which are expected. */
  offline = false;

  constructor(
    readonly label: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on("pageerror", (error) => this.errors.push(`${label}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      if (this.offline && /ERR_INTERNET_DISCONNECTED|WebSocket connection to .* failed/.test(message.text())) return;
      this.errors.push(`${label} console: ${message.text()}`);
    });
  }

  /** A page at `url` in a context of its own. */
  static async open(browser: Browser, url: string, label: string, { clockSkewMs = 0, prepare, ...options }: OpenOptions = {}): Promise<Player> {
    const context = await browser.newContext({ ...options, viewport: options.viewport ?? { width: 1280, height: 800 } });
    if (clockSkewMs !== 0) {
      await context.addInitScript((skew: number) => {
        const now = Date.now.bind(Date);
        Date.now = () => now() + skew;
      }, clockSkewMs);
    }
    await prepare?.(context);
    const page = await context.newPage();
    await page.goto(url);
    return new Player(label, context, page);
  }

  scene(): Promise<string> {
    return this.page.evaluate(() => window.parlorTest?.scene() ?? "");
  }

  // Every wait polls on a timer, not on animation frames: a page in the background gets no frames.
  async waitForScene(scene: string, timeout = 15_000) {
    await this.page.waitForFunction((s) => window.parlorTest?.scene() === s, scene, { timeout, polling: 100 });
  }

  /** Where a named thing is; a page element below the fold is scrolled into view first, as a player would. */
  async target(name: string, timeout = 15_000): Promise<Target> {
    const handle = await this.page.waitForFunction((n) => window.parlorTest?.targets()[n] ?? null, name, { timeout, polling: 100 });
    const t = (await handle.jsonValue()) as Target;
    const viewport = this.page.viewportSize();
    if (!viewport || (t.y >= 0 && t.y <= viewport.height && t.x >= 0 && t.x <= viewport.width)) return t;
    await this.page.evaluate((n) => document.querySelector(`[data-target="${CSS.escape(n)}"]`)?.scrollIntoView({ block: "center" }), name);
    return (await this.page.evaluate((n) => window.parlorTest.targets()[n], name)) ?? t;
  }

  /** A real mouse click at the object's centre on the canvas. */
  async click(name: string, timeout?: number) {
    const t = await this.target(name, timeout);
    await this.page.mouse.click(t.x, t.y);
  }

  /** A real tap on a touch screen at the object's centre (the page must be opened with `hasTouch`). */
  async tap(name: string, timeout?: number) {
    const t = await this.target(name, timeout);
    await this.page.touchscreen.tap(t.x, t.y);
  }

  /** Names of the objects drawn highlighted (a winning line), sorted. */
  async highlighted(): Promise<string[]> {
    return (await this.page.evaluate(() => window.parlorTest.highlighted())).sort();
  }

  texts(): Promise<string[]> {
    return this.page.evaluate(() => window.parlorTest.texts());
  }

  async waitForText(pattern: RegExp, timeout = 15_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      ([source, flags]) => window.parlorTest?.texts().find((t) => new RegExp(source, flags).test(t)) ?? null,
      [pattern.source, pattern.flags] as const,
      { timeout, polling: 100 },
    );
    return (await handle.jsonValue()) as string;
  }

  gameState<T = any>(): Promise<T> {
    return this.page.evaluate(() => window.parlorTest.gameState()) as Promise<T>;
  }

  /**
   * Waits until the tab's game state satisfies `predicate(state, arg)`. The predicate runs in the page, so it
   * must use only its arguments. It is sent as a function, never as a string: the page's CSP forbids eval.
   */
  async waitForGame<T = any, A = unknown>(predicate: (s: any, arg: A) => boolean, arg?: A, timeout = 15_000): Promise<T> {
    const poll = new Function("arg", `const s = window.parlorTest && window.parlorTest.gameState(); return s && (${predicate.toString()})(s, arg) ? s : null;`);
    const handle = await this.page.waitForFunction(poll as (arg: unknown) => unknown, arg as unknown, { timeout, polling: 100 });
    return (await handle.jsonValue()) as T;
  }

  async screenshot(name: string) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    await this.page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`) });
  }

  async signUp(name: string) {
    await this.waitForScene("name");
    await this.page.fill("#name-input", name);
    await this.click("btn:play");
    await this.waitForScene("lobby");
  }

  async close() {
    await this.context.close();
  }
}

/**
 * Closes every page a test opened and returns the errors they logged. After a failed test (`failedTitle`), each
 * page's notices, scene, texts and game state are printed and a screenshot is kept in test-results/ first.
 */
export async function closePages(open: Player[], failedTitle: string | null): Promise<string[]> {
  const errors = open.flatMap((p) => p.errors);
  for (const p of open.splice(0)) {
    if (failedTitle !== null) {
      const notices = await p.page.evaluate(() => window.parlorTest.notices()).catch(() => []);
      const state = JSON.stringify(await p.gameState().catch(() => null))?.slice(0, 2000);
      console.log(p.label, "notices:", notices, "scene:", await p.scene().catch(() => ""), "texts:", await p.texts().catch(() => []), "game:", state);
      await p.screenshot(`failed-${failedTitle.replace(/\W+/g, "-")}-${p.label}`).catch(() => undefined);
    }
    await p.close();
  }
  return errors;
}

export interface BrowserSuiteOptions {
  /** The test server's configuration, over the harness's defaults. */
  config?: Partial<Config>;
  /** Added to Chromium's command line (see launchChromium). */
  chromiumArgs?: string[];
}

/** A describe's test server, its Chromium and the pages its tests open; `server` and `browser` exist inside its tests. */
export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A page of the server (`path` below its root), closed and checked for errors after the test. */
  open(label: string, options?: OpenOptions & { path?: string }): Promise<Player>;
  /** Like `open`, signed up on the name screen as `uniqueName(label)`. */
  signedUp(label: string, options?: OpenOptions & { path?: string }): Promise<Player>;
  /** The label and the suite's next number ("Ann7"): a name no other test of the suite has taken. */
  uniqueName(label: string): string;
  /** Pages opened some other way (a second tab), closed and checked like those of `open`. */
  track(...players: Player[]): void;
  /** Closes `p` before the test ends; what it logged is then not checked. */
  close(p: Player): Promise<void>;
}

/**
 * Registers the hooks of a describe that drives the client in Chromium: before all, the client built, a test
 * server and Chromium started; after each test, its pages closed (kept as screenshots when it failed), and a page
 * that logged an error (a failed request included) fails the test; after all, Chromium and the server stopped.
 */
export function browserSuite({ config = {}, chromiumArgs = [] }: BrowserSuiteOptions = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const pages: Player[] = [];
  let names = 0;

  before(async function () {
    this.timeout(180_000);
    ensureClientBuilt();
    server = await startTestServer(config);
    browser = await launchChromium(chromiumArgs);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async function () {
    const errors = await closePages(pages, this.currentTest?.state === "failed" ? this.currentTest.title : null);
    assert.deepEqual(errors, [], "no page errors");
  });

  const started = () => {
    if (!server || !browser) throw new Error("the suite's server and browser exist only once its before hook has run");
    return { server, browser };
  };
  const suite: BrowserSuite = {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    async open(label, { path = "", ...options } = {}) {
      const { server, browser } = started();
      const p = await Player.open(browser, `${server.url}${path}`, label, options);
      pages.push(p);
      return p;
    },
    async signedUp(label, options) {
      const p = await suite.open(label, options);
      await p.signUp(suite.uniqueName(label));
      return p;
    },
    uniqueName: (label) => `${label}${++names}`,
    track: (...players) => void pages.push(...players),
    async close(p) {
      await p.close();
      const at = pages.indexOf(p);
      if (at >= 0) pages.splice(at, 1);
    },
  };
  return suite;
}

/** The page's address without the origin: "/game/abc". */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/**
 * The main thread's busy time over `ms`, from Chromium's own counters (CDP Performance.getMetrics): TaskDuration
 * (all work: script, style, layout, paint) and ScriptDuration, each as a fraction of one core.
 */
export async function cpuOver(page: Page, ms: number): Promise<{ task: number; script: number; layouts: number; ms: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  const read = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
  const before = await read();
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await read();
  const took = Date.now() - started;
  await cdp.detach();
  return {
    task: ((after.TaskDuration - before.TaskDuration) * 1000) / took,
    script: ((after.ScriptDuration - before.ScriptDuration) * 1000) / took,
    layouts: after.LayoutCount - before.LayoutCount,
    ms: took,
  };
}

/**
 * Headless Chromium under Playwright reports every page as visible: another page brought to the front, the window
 * minimised (CDP Browser.setWindowBounds) and Target.activateTarget all leave `document.visibilityState` at
 * "visible". So a test that needs a hidden tab overrides `visibilityState` and `hidden` from an init script, and
 * `setTabHidden` flips them and fires `visibilitychange` as the browser would.
 */
export async function emulateVisibility(context: BrowserContext) {
  // Plain text, not a function: tsx's transpiled getters would call a `__name` helper the page does not have.
  await context.addInitScript({
    content: `window.__parlorHidden = false;
      Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get() { return window.__parlorHidden ? "hidden" : "visible"; } });
      Object.defineProperty(Document.prototype, "hidden", { configurable: true, get() { return !!window.__parlorHidden; } });`,
  });
}

export async function setTabHidden(page: Page, hidden: boolean) {
  await page.evaluate((h) => {
    (window as unknown as { __parlorHidden?: boolean }).__parlorHidden = h;
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
  const state = await page.evaluate(() => document.visibilityState);
  if (state !== (hidden ? "hidden" : "visible")) throw new Error(`visibilityState is ${state}`);
}

/**
 * Moves the keyboard focus with real Tab presses (Shift+Tab with `back`) until the focused element matches
 * `selector` (for example `[data-target="btn:bot:rps"]`), at most `max` presses. Every element focused on the way
 * must show its focus: a non-none outline or a box-shadow; the first that does not fails the call.
 */
export async function tabTo(page: Page, selector: string, { back = false, max = 80 } = {}) {
  for (let i = 0; i <= max; i++) {
    const at = await page.evaluate(
      (sel) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return { matches: false, visible: true, what: "body" };
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}[${el.getAttribute("data-target") ?? el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 30)}]`;
        return { matches: el.matches(sel), visible: outline || style.boxShadow !== "none", what };
      },
      selector,
    );
    if (!at.visible) throw new Error(`the focused ${at.what} shows no focus (no outline, no box-shadow)`);
    if (at.matches) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${max} presses of ${back ? "Shift+Tab" : "Tab"} never reached ${selector}`);
}

/** The selector of an element by its test-hook name (`data-target`). */
export const byTarget = (name: string) => `[data-target="${name}"]`;

let axeSource: string | null = null;

/** One axe-core rule broken on a page, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (node_modules/axe-core) on the page as it is and returns its violations of impact serious or
 * critical. The page's CSP refuses inline scripts, so `addScriptTag` cannot load it: the source is evaluated
 * through the DevTools protocol (page.evaluate of a string), which the CSP does not govern.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const found = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => `${n.target.join(" ")} (${n.failureSummary?.replace(/\s+/g, " ").slice(0, 160)})`) }));
  })) as AxeViolation[];
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export type Rgb = [number, number, number];

/**
 * The colours of the screen as the player sees it in a small box centred on (x, y): a real screenshot, decoded in
 * a blank page of the same browser (so the app's page and its CSP are untouched). Row by row, [r, g, b] each.
 */
export async function screenPixels(page: Page, x: number, y: number, size = 8): Promise<Rgb[]> {
  const clip = { x: Math.round(x - size / 2), y: Math.round(y - size / 2), width: size, height: size };
  const png = (await page.screenshot({ clip })).toString("base64");
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async (data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(bitmap, 0, 0);
      const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const out: [number, number, number][] = [];
      for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i + 1], d[i + 2]]);
      return out;
    }, png);
  } finally {
    await blank.close();
  }
}

/** The most common colour in a box of the screen: a fill, ignoring a stray edge or glyph. */
export async function screenColour(page: Page, x: number, y: number, size = 8): Promise<Rgb> {
  const counts = new Map<string, number>();
  for (const p of await screenPixels(page, x, y, size)) counts.set(p.join(","), (counts.get(p.join(",")) ?? 0) + 1);
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return top[0].split(",").map(Number) as Rgb;
}

/** WCAG 2 contrast ratio between two sRGB colours (1 to 21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const lum = ([r, g, bl]: Rgb) => {
    const c = [r, g, bl].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Everything `p`'s live region has said so far, oldest first. */
export function announcedBy(p: Player): Promise<string[]> {
  return p.page.evaluate(() => window.parlorTest.announced());
}

/** Waits until `p`'s live region has said something matching `pattern`; returns it. */
export async function waitForAnnounced(p: Player, pattern: RegExp, timeout = 15_000): Promise<string> {
  const handle = await p.page.waitForFunction(
    ([source, flags]) => window.parlorTest.announced().find((t) => new RegExp(source, flags).test(t)) ?? null,
    [pattern.source, pattern.flags] as const,
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as string;
}

/** The lines of a chat list as shown ("Ada (you): Hello"), `list` being its id: chat-players or chat-spectators. */
export function chatLines(p: Player, list: "chat-players" | "chat-spectators"): Promise<string[]> {
  return p.page.evaluate((id) => Array.from(document.querySelectorAll(`#${id} li`)).map((li) => (li as HTMLElement).innerText.replace(/\s+/g, " ").trim()), list);
}

/** Waits until a chat list shows a line matching `pattern`. */
export async function waitForChatLine(p: Player, list: "chat-players" | "chat-spectators", pattern: RegExp, timeout = 15_000) {
  await p.page.waitForFunction(
    ([id, source, flags]) => Array.from(document.querySelectorAll(`#${id} li`)).some((li) => new RegExp(source, flags).test((li as HTMLElement).innerText.replace(/\s+/g, " ").trim())),
    [list, pattern.source, pattern.flags] as const,
    { timeout, polling: 100 },
  );
}

/**
 * `host` makes a private game of `game` from the Play tab (listed on the Watch list if asked) and `guest` joins it
 * with the code, both through the page; resolves when both are in it, with its room id.
 */
export async function privateGame(host: Player, guest: Player, game: string, { listed = false } = {}): Promise<string> {
  await host.waitForScene("lobby");
  await guest.waitForScene("lobby");
  if (listed) await host.click("check:listed");
  await host.click(`btn:private:${game}`);
  const codeText = await host.waitForText(/^Code [A-Z0-9]+/);
  const code = /^Code ([A-Z0-9]+)/.exec(codeText)![1];
  await guest.page.fill("#code-input", code);
  await guest.click("btn:private-join");
  await host.waitForScene(game);
  await guest.waitForScene(game);
  const roomId = (await host.page.evaluate(() => window.parlorTest.gameRoomId()))!;
  assert.equal(await guest.page.evaluate(() => window.parlorTest.gameRoomId()), roomId, "the same game");
  return roomId;
}

/** Plays tic-tac-toe to a win for seat 0 (cells 1, 2, 3 against 4, 5) with the number keys, each on its turn. */
export async function ticTacToeWinForFirst(a: Player, b: Player) {
  const seatOf = async (p: Player) => {
    const id = (await p.page.evaluate(() => window.parlorTest.player()!)).playerId;
    const state = await p.waitForGame((s) => s.status === "playing");
    return (Object.values(state.players) as { playerId: string; seat: number }[]).find((pl) => pl.playerId === id)!.seat;
  };
  const [x, o] = (await seatOf(a)) === 0 ? [a, b] : [b, a];
  for (const p of [x, o]) await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const moves: [Player, number, string][] = [[x, 0, "1"], [o, 1, "4"], [x, 0, "2"], [o, 1, "5"], [x, 0, "3"]];
  for (const [i, [p, seat, key]] of moves.entries()) {
    await p.waitForGame((s, [turn, played]) => s.status === "playing" && s.turn === turn && Array.from(s.board as string[]).filter((c) => c !== "").length === played, [seat, i] as const);
    await p.page.keyboard.press(key);
  }
  await x.waitForGame((s) => s.status === "finished");
  return { winner: x, loser: o };
}

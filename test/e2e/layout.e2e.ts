import assert from "node:assert/strict";
import { signUp } from "../support/harness";
import fs from "node:fs";
import path from "node:path";
import { browserSuite, byTarget, type Player, RESULTS_DIR } from "./browser";

/** The smallest text allowed on a phone, in CSS px (issue #14). */
const MIN_PHONE_FONT_PX = 14;

const SIZES = [
  { width: 1280, height: 800, phone: false },
  { width: 390, height: 844, phone: true },
  { width: 844, height: 390, phone: true },
];

/**
 * What the layout check looks at on the page, as source: it runs in the page through page.evaluate. (A function
 * would do, but tsx wraps the named arrows inside one in a `__name` helper the page does not have.) It returns
 * the problems found, in words:
 * - two visible interactive elements (or a notice and one) whose boxes intersect by more than 1 px (with a modal
 *   dialog open, those in the dialog);
 * - text wider than its box (scrollWidth), text whose lines lie outside its element, anything wider than the
 *   viewport (a horizontal scroll of the page);
 * - on a phone, text under `minFont` px, in the page or on a board's canvas.
 */
const LAYOUT_PROBLEMS = `(({ minFont }) => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const what = (el) => {
    const name = el.getAttribute("data-target") || el.getAttribute("aria-label") || (el.textContent || "").trim().slice(0, 40);
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.classList.length ? "." + [...el.classList].join(".") : "") + " [" + name + "]";
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== "hidden" && cs.display !== "none" && !el.closest(".visually-hidden, [hidden]");
  };
  // A modal dialog open is all that can be used: the page under it is inert.
  const scope = document.querySelector("dialog[open]") || document;
  const interactive = [...scope.querySelectorAll("button, a[href], input:not([type=hidden]), select, textarea, [role=tab], [tabindex]")].filter(shown);
  const notices = [...scope.querySelectorAll(".notice, .banner")].filter(shown);
  const boxes = [...interactive.map((el) => ({ el, kind: "control" })), ...notices.map((el) => ({ el, kind: "notice" }))];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].el, b = boxes[j].el;
      if (a.contains(b) || b.contains(a)) continue;
      if (boxes[i].kind === "notice" && boxes[j].kind === "notice") continue;
      const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1) problems.push("overlap: " + what(a) + " and " + what(b) + " by " + Math.round(w) + "x" + Math.round(h) + " px");
    }
  }
  const walker = document.createTreeWalker(document.getElementById("app"), NodeFilter.SHOW_ELEMENT);
  for (let el = walker.nextNode(); el; el = walker.nextNode()) {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!own.length || !shown(el)) continue;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (minFont && parseFloat(cs.fontSize) < minFont) problems.push("small text: " + what(el) + " at " + cs.fontSize);
    if (cs.display !== "inline" && el.scrollWidth > el.clientWidth + 1) problems.push("text wider than its box: " + what(el) + " (" + el.scrollWidth + " > " + el.clientWidth + ")");
    for (const node of own) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const t of range.getClientRects()) {
        if (t.width === 0) continue;
        if (t.left < r.left - 1 || t.right > r.right + 1 || t.top < r.top - 2 || t.bottom > r.bottom + 2) {
          problems.push("text outside its box: " + what(el) + " text " + [t.left, t.top, t.right, t.bottom].map(Math.round) + " box " + [r.left, r.top, r.right, r.bottom].map(Math.round));
          break;
        }
        if (t.left < -1 || t.right > vw + 1) {
          problems.push("text off the screen: " + what(el) + " " + Math.round(t.left) + ".." + Math.round(t.right) + " of " + vw);
          break;
        }
      }
    }
  }
  if (document.documentElement.scrollWidth > vw + 1) {
    const wide = [...document.querySelectorAll("#app *")].filter((el) => shown(el) && el.getBoundingClientRect().right > vw + 1).map(what).slice(0, 5);
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + vw + " px, " + wide.join(", "));
  }
  if (minFont) for (const t of window.parlorTest.canvasTexts()) if (t.px < minFont - 0.01) problems.push("small canvas text: " + JSON.stringify(t.text) + " at " + t.px.toFixed(1) + " px");
  return problems;
})`;

/**
 * Layout in Debian's Chromium (issue #14, section 5) at 1280×800, a 390×844 phone and the same phone turned
 * (844×390): on every screen no two controls overlap, no text leaves its box, nothing scrolls sideways, no text is
 * under 14 px on a phone (canvas texts included), and a notice covers no control. Each screen is kept as
 * test-results/<screen>-<w>x<h>.png.
 */
describe("layout at three sizes (Chromium)", function () {
  this.timeout(300_000);
  const suite = browserSuite();

  /** A click on the control named `name`, scrolled into view first (on a phone it may be below the fold). */
  async function press(p: Player, name: string) {
    await p.target(name);
    await p.page.locator(byTarget(name)).scrollIntoViewIfNeeded();
    await p.click(name);
  }

  const me = (p: Player) => p.page.evaluate(() => window.parlorTest.player()!);

  /** Waits until it is `p`'s move (or hand to pick) or the game is over. */
  async function myTurnOrOver(p: Player) {
    const id = (await me(p)).playerId;
    return p.waitForGame(
      (s, mine) => {
        if (s.status !== "playing") return true;
        const seat = Object.values(s.players).find((pl: any) => pl.playerId === mine) as any;
        return seat && (s.turn === seat.seat || (s.turn === -1 && !seat.chosen));
      },
      id,
      30_000,
    );
  }

  /** Plays a bot game to its end with the game's keys, the first legal move each turn. */
  async function playToEnd(p: Player, game: string, screenshot: () => Promise<void>) {
    for (let moves = 0; ; moves++) {
      const s = await myTurnOrOver(p);
      if (s.status !== "playing") return;
      if (moves === 1) await screenshot();
      const board: any[] = Array.from(s.board ?? []);
      const key = game === "tictactoe" ? String(board.indexOf("") + 1) : game === "connectfour" ? String([3, 2, 4, 1, 5, 0, 6].find((c) => board[c] === -1)! + 1) : "r";
      const before = game === "rps" ? s.rounds.length : board.filter((c) => c !== "" && c !== -1).length;
      await p.page.keyboard.press(key);
      await p.waitForGame(
        (g, [kind, n]) => g.status !== "playing" || (kind === "rps" ? g.rounds.length > n || Object.values(g.players).some((pl: any) => pl.hand) : Array.from(g.board as any[]).filter((c) => c !== "" && c !== -1).length > n),
        [game, before] as const,
      );
      assert.ok(moves < 40, "the game ends");
    }
  }

  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}`;
    it(`every screen at ${tag}${size.phone ? " (a touch phone)" : ""}: no overlaps, no text out of its box${size.phone ? ", no text under 14 px" : ""}`, async () => {
      const found: string[] = [];
      const viewport = { width: size.width, height: size.height };
      const p = await suite.open(`P${tag}`, size.phone ? { viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport });

      /** Checks the screen shown and keeps its screenshot; problems are collected and failed at the end. */
      const check = async (screen: string) => {
        // Let the layout settle: a board's canvas is sized on the next frame.
        await p.page.waitForTimeout(300);
        const problems = (await p.page.evaluate(`${LAYOUT_PROBLEMS}(${JSON.stringify({ minFont: size.phone ? MIN_PHONE_FONT_PX : 0 })})`)) as string[];
        for (const problem of problems) console.log(`    ${screen} at ${tag}: ${problem}`);
        found.push(...problems.map((problem) => `${screen}: ${problem}`));
        fs.mkdirSync(RESULTS_DIR, { recursive: true });
        await p.page.screenshot({ path: path.join(RESULTS_DIR, `${screen}-${tag}.png`), fullPage: true });
      };

      await p.waitForScene("name");
      // Pinch-zoom is not switched off.
      const viewportMeta = await p.page.evaluate(() => document.querySelector('meta[name="viewport"]')?.getAttribute("content") ?? "");
      assert.doesNotMatch(viewportMeta, /user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0*)?\b/, "the page can be zoomed");
      await check("name");
      await press(p, "btn:show-signin");
      await p.page.waitForSelector("#signin-username");
      await check("name-signin");
      await p.signUp(suite.uniqueName("Lay"));
      await check("lobby-play");

      // A notice (a wrong code) is in the page's flow: it covers no control, and it ends with its screen.
      await p.page.fill("#code-input", "NOSUCH");
      await press(p, "btn:private-join");
      await p.page.waitForSelector(".notice", { timeout: 15_000 });
      await check("lobby-play-notice");

      // A game to watch: someone else playing the bot.
      const h = await suite.open(`H${tag}`);
      await h.signUp(suite.uniqueName("Host"));
      await press(h, "btn:bot:connectfour");
      await h.waitForScene("connectfour");
      const watched = (await h.page.evaluate(() => window.parlorTest.gameRoomId()))!;
      await press(p, "tab:watch");
      // (Notices close by themselves after 8 s: this one must go well before, with the screen it was shown on.)
      await p.page.waitForSelector(".notice", { state: "detached", timeout: 2000 });
      await p.target(`btn:watch:${watched}`);
      await check("lobby-watch");
      await press(p, `btn:watch:${watched}`);
      await p.waitForScene("connectfour");
      await p.waitForText(/^WATCHING$/);
      await check("watching");
      await press(p, "btn:leave");
      await p.waitForScene("lobby");
      await suite.close(h);

      for (const game of ["tictactoe", "rps", "connectfour"]) {
        await press(p, "tab:play");
        await press(p, `btn:bot:${game}`);
        await p.waitForScene(game);
        await p.waitForGame((s) => s.status === "playing");
        await playToEnd(p, game, () => check(game));
        await p.waitForText(/^(You won!|You lost|Draw)$/);
        await check(`${game}-result`);
        await press(p, "btn:result-lobby");
        await p.waitForScene("lobby");
      }

      // Another player, with a rated game against this one: Challenge buttons on the leaderboard's rows, the
      // history's and the profile's; and a challenge of theirs, sent through a real lobby connection.
      const other = await signUp(suite.server, suite.uniqueName("Oth"));
      const mine0 = await me(p);
      await suite.server.store.recordResult({
        matchId: `lay-${tag}`,
        game: "tictactoe",
        players: [
          { playerId: other.playerId, name: other.name },
          { playerId: mine0.playerId, name: mine0.name },
        ],
        winner: other.playerId,
        reason: "resign",
        rated: true,
        moves: [],
        startedAt: Date.now() - 1000,
        endedAt: Date.now(),
      });
      const otherLobby = await other.client.joinOrCreate("lobby");
      otherLobby.onMessage("*", () => undefined);
      otherLobby.send("challenge:send", { to: mine0.playerId, game: "connectfour", rated: false });
      await p.waitForText(/challenges you to a casual game of Connect Four\.$/);

      await press(p, "tab:leaders");
      await p.waitForText(/top players$/);
      await p.target(`btn:challenge-leader:${other.playerId}`);
      await check("lobby-leaders");
      await press(p, "tab:history");
      const myId = (await me(p)).playerId;
      const mine = suite.server.results.filter((r) => r.result.players.some((pl: { playerId: string }) => pl.playerId === myId)).map((r) => r.result);
      await p.target(`btn:replay:${mine.at(-1)!.matchId}`);
      await check("lobby-history");
      for (const game of ["tictactoe", "rps", "connectfour"]) {
        const match = mine.find((r) => r.game === game)!;
        await press(p, "tab:history");
        await press(p, `btn:replay:${match.matchId}`);
        await p.waitForScene("replay");
        await p.page.waitForSelector(".board.replay .board-canvas canvas");
        await check(`replay-${game}`);
        await p.page.goBack();
        await p.waitForScene("lobby");
      }

      await p.page.goto(`${suite.server.url}/player/${encodeURIComponent(myId)}`);
      await p.waitForScene("player");
      await p.waitForText(/^Recent matches$/);
      await check("player");

      // The other player's profile: Challenge, and Report with its form open; the challenge dialog.
      await p.page.goto(`${suite.server.url}/player/${encodeURIComponent(other.playerId)}`);
      await p.waitForScene("player");
      await press(p, "btn:report-player");
      await p.page.waitForSelector("#profile-report-reason");
      await check("player-other");
      await press(p, "btn:challenge");
      await p.page.waitForSelector("dialog[open]");
      await check("challenge-dialog");
      // They have challenged this player already: the refusal is said in the dialog.
      await press(p, "btn:challenge-send");
      await p.waitForText(/has already challenged you/);
      await check("challenge-dialog-refused");
      await p.page.keyboard.press("Escape");
      await p.page.waitForSelector("dialog[open]", { state: "detached" });
      // A third player, challenged from their profile (they need not be online).
      const third = await signUp(suite.server, suite.uniqueName("Thi"));
      await p.page.goto(`${suite.server.url}/player/${encodeURIComponent(third.playerId)}`);
      await p.waitForScene("player");
      await press(p, "btn:challenge");
      await p.page.waitForSelector("dialog[open]");
      await press(p, "btn:challenge-send");
      await p.page.waitForSelector("dialog[open]", { state: "detached" });
      // The challenges above the lobby: one received (Accept, Decline and its reasons), one sent (Copy link, Cancel).
      // (In the page: a reload would close this tab's lobby connection, and the challenge it sent with it.)
      await p.page.click(".brand");
      await p.waitForScene("lobby");
      const received = (await p.page.getAttribute('[data-target^="btn:accept:"]', "data-target"))!.slice("btn:accept:".length);
      await press(p, `btn:decline:${received}`);
      await p.target(`btn:decline-later:${received}`);
      await p.page.waitForSelector('[data-target^="btn:cancel-challenge:"]', { timeout: 15_000 });
      await check("lobby-challenges");
      await p.page.goto(`${suite.server.url}/challenge/${received}`);
      await p.waitForScene("challenge");
      await p.target(`btn:accept:${received}`);
      await check("challenge");
      otherLobby.send("challenge:cancel", { id: received });
      await p.waitForText(/cancelled their challenge/);
      await otherLobby.leave();

      await press(p, "link:account");
      await p.waitForScene("account");
      await p.waitForText(/claim your account$/);
      await check("account");

      assert.deepEqual(found, [], `layout problems at ${tag}`);
    });
  }
});

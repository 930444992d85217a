import assert from "node:assert/strict";
import { readConfig } from "../../base/config";
import { sleep } from "../support/harness";
import { browserSuite, contrastRatio, type Player, screenColour, screenPixels, type Rgb } from "./browser";

/** A short bot-fill wait and a short RPS round clock, so both run out within a test. */
const BOT_FILL_MS = 6000;
const ROUND_MS = 12_000;
const TIMEOUT_RULE = "Every round has its own clock: if it runs out before you pick, you lose the whole match.";
/** Tic-tac-toe cells in the order X, O, X, …: nobody gets three in a row, all nine are filled. */
const DRAW = [0, 4, 8, 2, 6, 3, 5, 7, 1];
const X_WINS = [0, 3, 1, 4, 2];

/**
 * Honest, complete game flow (issue #14, §6), through real input events: bot fill said before and after, a timeout
 * said with its round and its rule, the rematch countdown and the series, replays with their pieces, private games
 * kept off the Watch list, and the small things a result or a board must not get wrong.
 */
describe("honest, complete game flow (Chromium)", function () {
  this.timeout(120_000);
  const defaults = readConfig({}).games;
  const suite = browserSuite({ config: { botFillMs: BOT_FILL_MS, rematchMs: 20_000, games: { ...defaults, rps: { ...defaults.rps, turnMs: ROUND_MS } } } });

  const nameOf = async (p: Player) => (await p.page.evaluate(() => window.parlorTest.player()!.name))!;
  const roomOf = async (p: Player) => (await p.page.evaluate(() => window.parlorTest.gameRoomId()))!;
  const textOf = (p: Player, target: string) => p.page.locator(`[data-target="${target}"]`).innerText();

  /** Both players in one game, returned in seat order. */
  async function seatOrder(a: Player, b: Player): Promise<[Player, Player]> {
    const state = await a.waitForGame((s) => s.status === "playing");
    const me = await a.page.evaluate(() => window.parlorTest.player()!.playerId);
    const seatOfA = (Object.values(state.players) as { playerId: string; seat: number }[]).find((p) => p.playerId === me)!.seat;
    return seatOfA === 0 ? [a, b] : [b, a];
  }

  async function matched(a: Player, b: Player, game: "tictactoe" | "rps"): Promise<[Player, Player]> {
    await a.click(`btn:queue:${game}`);
    await a.waitForText(/Searching… position 1/);
    await b.click(`btn:queue:${game}`);
    await Promise.all([a.waitForScene(game), b.waitForScene(game)]);
    return seatOrder(a, b);
  }

  async function playCells(x: Player, o: Player, cells: number[]) {
    for (let i = 0; i < cells.length; i++) {
      const mover = i % 2 === 0 ? x : o;
      await mover.waitForText(/^Your turn/);
      await mover.click(`cell:${cells[i]}`);
      await x.waitForGame((s, cell) => s.board[cell] !== "", cells[i]);
    }
  }

  /** Both ask for a rematch and land in the new room; returned in the new seat order. */
  async function rematch(a: Player, b: Player): Promise<[Player, Player]> {
    const old = await roomOf(a);
    await a.click("btn:rematch");
    await b.waitForText(/ wants a rematch!$/);
    await b.click("btn:rematch");
    for (const p of [a, b]) {
      await p.page.waitForFunction((r) => ![null, r].includes(window.parlorTest.gameRoomId()), old, { polling: 100 });
      await p.waitForGame((s) => s.status === "playing");
    }
    return seatOrder(a, b);
  }

  /** Opens the replay of the server's latest result from the History tab, by clicks. */
  async function openLatestReplay(p: Player) {
    await p.click("btn:result-lobby");
    await p.waitForScene("lobby");
    await p.click("tab:history");
    const matchId = suite.server.results.at(-1)!.result.matchId;
    await p.click(`btn:replay:${matchId}`);
    await p.waitForScene("replay");
    return matchId;
  }

  const targets = (p: Player) => p.page.evaluate(() => window.parlorTest.targets());

  it("bot fill: the Play tab says when Parlor Bot takes the seat, and the game screen says it did, unrated", async () => {
    const p = await suite.signedUp("Fay");
    await p.click("btn:queue:tictactoe");
    const note = await p.waitForText(/^No one yet\? Parlor Bot \(unrated\) takes the seat in 0:0\d\.$/);
    // The page's clock is the server's to within half a round trip, and the countdown rounds up: a second more at most.
    assert.ok(Number(note.match(/0:0(\d)/)![1]) <= BOT_FILL_MS / 1000 + 1, note);
    assert.equal(await textOf(p, "btn:keep-waiting"), "Keep waiting for a person");

    await p.waitForScene("tictactoe", BOT_FILL_MS + 10_000);
    await p.waitForText(/^No one found yet — playing Parlor Bot, unrated\.$/);
    const state = await p.waitForGame((s) => s.status === "playing");
    assert.equal(state.rated, false);
    assert.ok(Object.values(state.players).some((pl: any) => pl.bot && pl.name === "Parlor Bot"), "the opponent is the server's bot");
    await p.waitForText(/^Unrated$/);

    await p.click("btn:resign");
    await p.click("btn:resign");
    await p.waitForText(/^You lost$/);
    await p.waitForText(/^Unrated game$/);
    assert.equal(suite.server.results.at(-1)!.result.rated, false);
  });

  it("bot fill: 'Keep waiting for a person' is still waiting after the bot-fill time, then a person is matched", async () => {
    const a = await suite.signedUp("Kit");
    const b = await suite.signedUp("Kai");
    await a.click("btn:queue:tictactoe");
    await a.waitForText(/^No one yet\? Parlor Bot/);
    await a.click("btn:keep-waiting");
    await a.waitForText(/^Waiting for a person only\.$/);
    assert.equal(await textOf(a, "btn:allow-bot"), "A bot is fine");

    await sleep(BOT_FILL_MS + 2000);
    assert.equal(await a.scene(), "lobby");
    assert.match(await textOf(a, "queue-status"), /^Searching… position 1 · waited 0:(0[89]|1\d)$/);

    await b.click("btn:queue:tictactoe");
    await Promise.all([a.waitForScene("tictactoe"), b.waitForScene("tictactoe")]);
    const state = await a.waitForGame((s) => s.status === "playing");
    assert.ok(Object.values(state.players).every((pl: any) => !pl.bot), "two people");
    const bName = await nameOf(b);
    assert.ok(Object.values(state.players).some((pl: any) => pl.name === bName));
    assert.equal((await targets(a)).botfill, undefined, "no bot-fill sentence in a game between people");
  });

  it("timeouts: under 10 s the clock turns red with the rule; the result says who ran out in which round; the replay steps by rounds with the hands drawn", async () => {
    const a = await suite.signedUp("Tam");
    const b = await suite.signedUp("Ted");
    const [first, second] = await matched(a, b, "rps");
    const secondName = await nameOf(second);

    await first.click("hand:rock");
    await second.click("hand:scissors");
    await first.waitForGame((s) => s.rounds.length === 1 && s.round === 2);
    await first.click("hand:rock");
    await first.waitForText(/^You chose Rock\./);

    // The one who has not picked is warned, in red, with what running out costs.
    await second.waitForText(new RegExp(`^Hurry! ${TIMEOUT_RULE.replace(/[.:]/g, "\\$&")}$`), ROUND_MS);
    const clock = await second.page.locator('[data-target="clock"]').evaluate((el) => ({ cls: el.className, color: getComputedStyle(el).color }));
    assert.match(clock.cls, /\blow\b/);
    const [r, g, bl] = clock.color.match(/\d+/g)!.map(Number);
    assert.ok(r > 180 && g < 140 && bl < 140, `the low clock is red: ${clock.color}`);
    // Under 10 s: the clock rounds up, so 9.5 s still reads 0:10.
    assert.match(await textOf(second, "clock"), /^0:(0\d|10) left$/);
    // The one who has picked has nothing to hurry for.
    assert.equal((await targets(first))["low-time"], undefined);
    // A screen reader hears it too, from the polite live region.
    const said = (p: Player) => p.page.evaluate(() => window.parlorTest.announced());
    await second.page.waitForFunction((rule) => window.parlorTest.announced().some((t) => /^\d+ seconds left\. /.test(t) && t.endsWith(rule)), TIMEOUT_RULE, { polling: 100, timeout: 5000 });
    assert.ok(!(await said(first)).some((t) => /seconds left/.test(t)), "no low-time announcement for the one who has picked");

    await second.waitForText(/^You lost$/, ROUND_MS + 5000);
    await first.waitForText(/^You won!$/);
    assert.equal(await textOf(second, "result:reason"), "You ran out of time in round 2, before picking a hand");
    assert.equal(await textOf(first, "result:reason"), `${secondName} ran out of time in round 2, before picking a hand`);
    for (const p of [first, second]) await p.waitForText(new RegExp(`^${TIMEOUT_RULE.replace(/[.:]/g, "\\$&")}$`));
    assert.equal(suite.server.results.at(-1)!.result.reason, "timeout");

    // The replay: one step per round, the last an unfinished round with the one hand picked.
    await openLatestReplay(first);
    await first.waitForText(/^Round 2 of 2$/);
    await first.target("replay:pending:0");
    await first.click("btn:replay-first");
    await first.waitForText(/^Start$/);
    await first.waitForText(/^No moves yet\.$/);
    await first.click("btn:replay-next");
    await first.waitForText(/^Round 1 of 2$/);
    await first.waitForText(/ played rock, .* played scissors: .* takes the round \(1–0\)$/);
    const round = await first.target("replay:round:0:0");
    await first.target("replay:round:0:1");
    assert.deepEqual((await first.highlighted()).filter((n) => n.startsWith("replay:round")), ["replay:round:0:0"], "the winner's hand is lit");
    // A picture, not a blank: the hand's box holds many colours.
    const distinct = await distinctColours(first, round.x, round.y, 30);
    assert.ok(distinct >= 6, `the hand picture has ${distinct} colours`);
    assert.equal((await targets(first))["replay:pending:0"], undefined, "round 2 is not shown yet");
    await first.click("btn:replay-next");
    await first.waitForText(/^Round 2 of 2$/);
    await first.waitForText(new RegExp(`chose rock, ${secondName} did not choose$`));
    await first.target("replay:pending:0");
  });

  it("polish and rematch: a rated draw (Draw once, rating unchanged), the rematch countdown, the series on both screens, History and the replay's marks", async () => {
    const a = await suite.signedUp("Dot");
    const b = await suite.signedUp("Don");
    const [x, o] = await matched(a, b, "tictactoe");
    const [xName, oName] = [await nameOf(x), await nameOf(o)];
    await playCells(x, o, DRAW);

    for (const p of [x, o]) {
      await p.waitForText(/^Draw$/);
      const texts = await p.texts();
      assert.equal(texts.filter((t) => /\bdraw\b/i.test(t)).length, 1, `"Draw" once: ${JSON.stringify(texts)}`);
      assert.equal(await textOf(p, "result:rating"), "Rating unchanged at 1500");
      assert.equal((await targets(p))["result:series"], undefined, "no series after one game");
    }
    const drawId = suite.server.results.at(-1)!.result.matchId;

    // The rematch window counts down on the button.
    const before = Number((await x.waitForText(/^Rematch \(0:\d\d\)$/)).match(/0:(\d\d)/)![1]);
    await sleep(2200);
    const later = Number((await textOf(x, "btn:rematch")).match(/^Rematch \(0:(\d\d)\)$/)![1]);
    assert.ok(later < before && later >= before - 4, `the countdown went from ${before} to ${later}`);

    // Sides swap: the old O moves first and wins this one.
    const [x2, o2] = await rematch(x, o);
    assert.equal(await nameOf(x2), oName);
    await playCells(x2, o2, X_WINS);
    await x2.waitForText(/^You won!$/);
    // Seat order: the old O (now X) first. Its points: a draw and a win; the other's: a draw and a loss.
    assert.equal(await textOf(x2, "result:series"), `Series after 2 games: You 1½–½ ${xName}`);
    assert.equal(await textOf(o2, "result:series"), `Series after 2 games: ${oName} 1½–½ You`);

    // History: the draw reads "Tic-tac-toe vs <name>: Draw", with no "(draw)" and no lone "±0" for its rating.
    await o2.click("btn:result-lobby");
    await o2.waitForScene("lobby");
    await o2.click("tab:history");
    await o2.target(`btn:replay:${drawId}`);
    const row = await o2.page.locator(`[data-target="btn:replay:${drawId}"] span`).allInnerTexts();
    assert.equal(row[0], `Tic-tac-toe vs ${oName}: Draw, rating unchanged`);
    assert.doesNotMatch(row.join(" "), /\(draw\)|draw.*draw|(^|\s)[±+-]?0(\s|,|$)/i, `row: ${JSON.stringify(row)}`);

    // The drawn game's replay draws the marks, move by move.
    await o2.click(`btn:replay:${drawId}`);
    await o2.waitForScene("replay");
    await o2.waitForText(/^Move 9 of 9$/);
    assert.deepEqual((await o2.texts()).filter((t) => /draw/i.test(t)), ["Draw"], "the replay says Draw once");
    // The board is drawn once Phaser has loaded, after the step's label: wait for the marks themselves.
    const marks = async (expected: string) => {
      const handle = await o2.page
        .waitForFunction(
          (want) => {
            const got = window.parlorTest.canvasTexts().map((t) => t.text).filter((t) => t === "X" || t === "O").sort().join("");
            return got === want || null;
          },
          expected,
          { timeout: 15_000, polling: 100 },
        )
        .catch(async () => assert.fail(`marks drawn: ${JSON.stringify(await o2.page.evaluate(() => window.parlorTest.canvasTexts()))}, wanted ${expected}`));
      return handle;
    };
    await marks("OOOOXXXXX");
    await o2.click("btn:replay-first");
    await o2.waitForText(/^Start$/);
    await marks("");
    await o2.click("btn:replay-next");
    await o2.waitForText(/^Move 1 of 9$/);
    await marks("X");
    await o2.click("btn:replay-next");
    await o2.waitForText(/^Move 2 of 9$/);
    await marks("OX");
  });

  it("watch: an unlisted private game is not on the Watch list nor watchable by address; a listed one is, and the spectator's Back to lobby is centred", async () => {
    const host = await suite.signedUp("Hal");
    const guest = await suite.signedUp("Gia");
    const watcher = await suite.signedUp("Wyn");
    await watcher.click("tab:watch");

    async function privateGame(listed: boolean): Promise<string> {
      const box = host.page.locator('[data-target="check:listed"]');
      if ((await box.isChecked()) !== listed) await host.click("check:listed");
      assert.equal(await box.isChecked(), listed);
      await host.click("btn:private:tictactoe");
      const shown = await host.waitForText(/^Code [A-Z0-9]{5} \(Tic-tac-toe\)/);
      const code = shown.match(/^Code ([A-Z0-9]{5})/)![1];
      await guest.page.click("#code-input");
      await guest.page.keyboard.type(code);
      await guest.click("btn:private-join");
      await Promise.all([host.waitForScene("tictactoe"), guest.waitForScene("tictactoe")]);
      await host.waitForGame((s) => s.status === "playing");
      return roomOf(host);
    }

    const hidden = await privateGame(false);
    // The list is refreshed every second: two refreshes later, still not there.
    await sleep(2500);
    assert.equal(await watcher.scene(), "lobby");
    assert.equal((await targets(watcher))[`btn:watch:${hidden}`], undefined, "an unlisted game is not on the Watch list");
    // By address, as from a shared link: refused.
    await watcher.page.goto(`${suite.server.url}/game/${hidden}`);
    await watcher.waitForText(/^That game is not available$/);
    assert.ok(!(await watcher.page.evaluate(() => window.parlorTest.gameState())), "no game state reached the watcher");
    assert.ok((await watcher.page.evaluate(() => window.parlorTest.notices())).some((n) => /private game/.test(n)), "the notice says why");
    await watcher.click("btn:leave");
    await watcher.waitForScene("lobby");
    await watcher.click("tab:watch");

    await host.click("btn:resign");
    await host.click("btn:resign");
    await host.waitForText(/^You lost$/);
    await host.click("btn:result-lobby");
    await guest.waitForText(/^You won!$/);
    await guest.click("btn:result-lobby");
    await Promise.all([host.waitForScene("lobby"), guest.waitForScene("lobby")]);

    const shown = await privateGame(true);
    await watcher.click(`btn:watch:${shown}`);
    await watcher.waitForScene("tictactoe");
    await watcher.waitForText(/^WATCHING$/);
    await assertCentred(watcher, "btn:leave");

    // The result's Back to lobby is centred for a watcher too.
    await guest.click("btn:resign");
    await guest.click("btn:resign");
    await watcher.waitForText(new RegExp(`^${await nameOf(host)} won$`));
    await assertCentred(watcher, "btn:result-lobby");
  });

  it("polish: the picked RPS hand shows as chosen and unlike a hovered one; playable tic-tac-toe cells stand out from the page and from idle cells", async () => {
    const a = await suite.signedUp("Pia");
    const b = await suite.signedUp("Pat");
    const [first] = await matched(a, b, "rps");
    const look = (p: Player, hand: string) =>
      p.page.locator(`[data-target="hand:${hand}"]`).evaluate((el) => {
        const s = getComputedStyle(el);
        return { border: s.borderTopColor, shadow: s.boxShadow, pressed: el.getAttribute("aria-pressed"), caption: (el as HTMLElement).innerText.trim() };
      });
    const paper = await first.target("hand:paper");
    await first.page.mouse.move(2, 2);
    const resting = await look(first, "paper");
    await first.page.mouse.move(paper.x, paper.y);
    await first.page.waitForFunction(() => document.querySelector('[data-target="hand:paper"]')!.matches(":hover"), undefined, { polling: 100 });
    const hovered = await look(first, "paper");
    await first.click("hand:rock");
    await first.waitForText(/^You chose Rock\./);
    await first.page.mouse.move(paper.x, paper.y);
    const chosen = await look(first, "rock");
    assert.equal(chosen.pressed, "true");
    assert.equal(chosen.caption, "Rock ✓");
    assert.equal((await look(first, "paper")).pressed, "false");
    assert.equal((await look(first, "paper")).caption, "Paper");
    assert.ok(hovered.border !== chosen.border || hovered.shadow !== chosen.shadow, `hovered ${JSON.stringify(hovered)} vs chosen ${JSON.stringify(chosen)}`);
    assert.notEqual(chosen.shadow, "none", "the chosen hand is ringed");
    assert.notEqual(hovered.border, chosen.border, "a hover is not the chosen colour");
    assert.notEqual(hovered.border, resting.border, "a hover shows");
    await first.click("btn:resign");
    await first.click("btn:resign");
    await first.waitForText(/^You lost$/);

    const c = await suite.signedUp("Ivo");
    const d = await suite.signedUp("Ida");
    const [x, o] = await matched(c, d, "tictactoe");
    await x.waitForText(/^Your turn/);
    await o.waitForText(/ to move \(X\)$/);
    // Away from the board, so no hover ring is in the sample.
    for (const p of [x, o]) await p.page.mouse.move(2, 2);
    await sleep(300);
    const cell = await x.target("cell:4");
    // Off the centre, where a mark would go: the fill only.
    const playable = await screenColour(x.page, cell.x - 40, cell.y - 40);
    const idleCell = await o.target("cell:4");
    const idle = await screenColour(o.page, idleCell.x - 40, idleCell.y - 40);
    const page = await x.page.evaluate(() => getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.slice(0, 3).map(Number)) as Rgb;
    const toPage = contrastRatio(playable, page);
    const toIdle = contrastRatio(playable, idle);
    assert.ok(toPage >= 1.4, `playable ${playable} against the page ${page}: ${toPage.toFixed(2)}`);
    assert.ok(toIdle >= 1.4, `playable ${playable} against an idle cell ${idle}: ${toIdle.toFixed(2)}`);
  });

  /** The distinct colours in a box of the screen, a crude test for a picture rather than a flat fill. */
  async function distinctColours(p: Player, x: number, y: number, size: number): Promise<number> {
    return new Set((await screenPixels(p.page, x, y, size)).map((c) => c.join(","))).size;
  }

  /** The button's centre is within 3 px of the centre of the game's actions column. */
  async function assertCentred(p: Player, target: string) {
    const m = await p.page.locator(`[data-target="${target}"]`).evaluate((el) => {
      const b = el.getBoundingClientRect();
      const c = el.closest(".actions")!.getBoundingClientRect();
      return { button: b.left + b.width / 2, column: c.left + c.width / 2 };
    });
    assert.ok(Math.abs(m.button - m.column) <= 3, `${target} centred: button at ${m.button}, column at ${m.column}`);
  }
});

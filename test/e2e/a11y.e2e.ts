import assert from "node:assert/strict";
import { browserSuite, byTarget, type Player, seriousAxeViolations, tabTo, type AxeViolation } from "./browser";

/**
 * Accessibility in Debian's Chromium (issue #14, section 1): whole games of each kind played with the keyboard
 * only (Tab, Shift+Tab, Enter, the arrows and the games' keys; never the mouse), every focused element showing its
 * focus, the polite live region saying turns, the opponent's moves and results, and axe-core on every screen with
 * no violation of impact serious or critical.
 */
describe("accessibility: keyboard only, live region, axe-core (Chromium)", function () {
  this.timeout(240_000);
  const suite = browserSuite();
  /** Serious and critical axe violations found on each screen, asserted empty at the end of each test. */
  let axeFound: { screen: string; violations: AxeViolation[] }[] = [];

  beforeEach(() => (axeFound = []));

  /** Runs axe-core on the screen `p` shows; violations are printed with their targets and failed at the end. */
  async function axe(p: Player, screen: string) {
    const violations = await seriousAxeViolations(p.page);
    for (const v of violations) console.log(`    axe on ${screen}: ${v.id} (${v.impact}): ${v.help}\n      ${v.targets.join("\n      ")}`);
    if (violations.length) axeFound.push({ screen, violations });
  }

  function assertAxeClean() {
    assert.deepEqual(
      axeFound.map(({ screen, violations }) => `${screen}: ${violations.map((v) => v.id).join(", ")}`),
      [],
      "no serious or critical axe-core violations",
    );
  }

  /** Tabs to the element named `name` (its data-target) and presses Enter on it. */
  async function press(p: Player, name: string, key = "Enter") {
    await tabTo(p.page, byTarget(name));
    await p.page.keyboard.press(key);
  }

  /** The name screen by keyboard: the field has the focus, type the name, Enter. */
  async function keyboardSignUp(p: Player, name: string) {
    await p.waitForScene("name");
    await tabTo(p.page, "#name-input");
    await p.page.keyboard.type(name);
    await p.page.keyboard.press("Enter");
    await p.waitForScene("lobby");
  }

  /** Like the suite's signedUp, by keyboard. */
  async function signedUp(label: string): Promise<Player> {
    const p = await suite.open(label);
    await keyboardSignUp(p, suite.uniqueName(label));
    return p;
  }

  /** Tabs to the lobby's tab list, then moves with ← → to `tab`, as the tabs pattern has it. */
  async function lobbyTab(p: Player, tab: "play" | "watch" | "leaders" | "history") {
    await tabTo(p.page, '[role="tab"][aria-selected="true"]');
    const order = ["play", "watch", "leaders", "history"];
    for (let i = 0; i < 4; i++) {
      const at = await p.page.evaluate(() => document.activeElement?.getAttribute("data-target"));
      const from = order.indexOf(at!.replace("tab:", ""));
      if (from === order.indexOf(tab)) break;
      await p.page.keyboard.press(from < order.indexOf(tab) ? "ArrowRight" : "ArrowLeft");
      await p.page.waitForFunction((f) => document.activeElement?.getAttribute("data-target") !== f, at, { polling: 50 });
    }
    await p.page.waitForFunction((t) => document.getElementById(`tab-${t}`)?.getAttribute("aria-selected") === "true" && document.activeElement?.id === `tab-${t}`, tab, { polling: 50 });
  }

  const me = (p: Player) => p.page.evaluate(() => window.parlorTest.player()!);
  const announced = (p: Player) => p.page.evaluate(() => window.parlorTest.announced());

  /** Waits until `p`'s live region has said something matching `pattern`; returns it. */
  async function waitForAnnounced(p: Player, pattern: RegExp, timeout = 15_000): Promise<string> {
    const handle = await p.page.waitForFunction(
      ([source, flags]) => window.parlorTest.announced().find((t) => new RegExp(source, flags).test(t)) ?? null,
      [pattern.source, pattern.flags] as const,
      { timeout, polling: 100 },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Waits until it is `p`'s move (or hand to pick) or the game is over; returns the state. */
  async function myTurnOrOver(p: Player, timeout = 30_000) {
    const id = (await me(p)).playerId;
    return p.waitForGame(
      (s, mine) => {
        if (s.status !== "playing") return true;
        const seat = Object.values(s.players).find((pl: any) => pl.playerId === mine) as any;
        return seat && (s.turn === seat.seat || (s.turn === -1 && !seat.chosen));
      },
      id,
      timeout,
    );
  }

  /** The focused board control's name, once the focus has settled on `name`. */
  async function focusedIs(p: Player, name: string) {
    await p.page.waitForFunction((n) => document.activeElement?.getAttribute("data-target") === n, name, { polling: 50, timeout: 5000 });
  }

  /** Resigns by keyboard (the button asks twice) and leaves the result for the lobby. */
  async function resignAndLeave(p: Player) {
    await tabTo(p.page, byTarget("btn:resign"));
    await p.page.keyboard.press("Enter");
    await p.waitForText(/^Really resign\?$/);
    await p.page.keyboard.press("Enter");
    await p.waitForText(/^You lost$/);
    await p.waitForText(/^You resigned$/);
    await press(p, "btn:result-lobby");
    await p.waitForScene("lobby");
  }

  it("two people play tic-tac-toe by keyboard only, watched; result, a rematch request, the lobby, Leaders, a profile and a replay stepped with the arrows", async () => {
    const a = await suite.open("Ann");
    await a.waitForScene("name");
    await axe(a, "name");
    await keyboardSignUp(a, suite.uniqueName("Ann"));
    await axe(a, "lobby Play");
    const b = await signedUp("Ben");

    await press(a, "btn:queue:tictactoe");
    await a.waitForText(/Searching… position 1/);
    await axe(a, "lobby Play, queued");
    // Cancel and queue again, by keyboard: the Cancel button takes the queue button's place.
    await press(a, "btn:cancel");
    await a.waitForText(/^Find opponent$/);
    await press(a, "btn:queue:tictactoe");
    await a.waitForText(/Searching… position 1/);
    await press(b, "btn:queue:tictactoe");
    await Promise.all([a.waitForScene("tictactoe"), b.waitForScene("tictactoe")]);
    const state = await a.waitForGame((s) => s.status === "playing");
    const aId = (await me(a)).playerId;
    const aSeat = (Object.values(state.players) as { playerId: string; seat: number }[]).find((p) => p.playerId === aId)!.seat;
    const [x, o] = aSeat === 0 ? [a, b] : [b, a];
    const xMe = await me(x);
    const oMe = await me(o);
    await x.waitForText(/^Your turn \(X\)$/);
    // The game found, then the turn: one announcement if the game had started when its first state came, two if not.
    await waitForAnnounced(x, /^Tic-tac-toe against /);
    await waitForAnnounced(x, /Your turn \(X\)$/);
    await axe(x, "tic-tac-toe, my turn");
    await axe(o, "tic-tac-toe, the opponent's turn");

    const w = await signedUp("Wes");
    await lobbyTab(w, "watch");
    const roomId = (await x.page.evaluate(() => window.parlorTest.gameRoomId()))!;
    await w.target(`btn:watch:${roomId}`);
    await axe(w, "lobby Watch");
    await press(w, `btn:watch:${roomId}`);
    await w.waitForScene("tictactoe");
    await w.waitForText(/^WATCHING$/);
    await waitForAnnounced(w, /^Watching Tic-tac-toe\./);
    await axe(w, "watching tic-tac-toe");

    // X: Tab into the board (one Tab stop, the top left cell), Enter.
    await tabTo(x.page, ".board-controls button[tabindex='0']");
    await focusedIs(x, "cell:0");
    await x.page.keyboard.press("Enter");
    await x.waitForGame((s) => s.board[0] === "X");
    // O hears X's move and its turn, then plays the middle left cell with key 4.
    await waitForAnnounced(o, new RegExp(`^${xMe.name} \\(X\\) takes the top left\\.$`));
    await waitForAnnounced(o, /^Your turn \(O\)$/);
    await o.waitForText(/^Your turn \(O\)$/);
    await o.page.keyboard.press("4");
    await x.waitForGame((s) => s.board[3] === "O");
    await waitForAnnounced(x, new RegExp(`^${oMe.name} \\(O\\) takes the middle left\\.$`));
    // X: the focus is still on the top left cell; → and Enter play the top middle.
    await x.waitForText(/^Your turn \(X\)$/);
    await x.page.keyboard.press("ArrowRight");
    await focusedIs(x, "cell:1");
    await x.page.keyboard.press("Enter");
    await x.waitForGame((s) => s.board[1] === "X");
    // O: Tab into the board, ↓ → to the centre, Space.
    await o.waitForText(/^Your turn \(O\)$/);
    await tabTo(o.page, ".board-controls button[tabindex='0']");
    await focusedIs(o, "cell:0");
    await o.page.keyboard.press("ArrowDown");
    await o.page.keyboard.press("ArrowRight");
    await focusedIs(o, "cell:4");
    await o.page.keyboard.press(" ");
    await x.waitForGame((s) => s.board[4] === "O");
    await w.waitForGame((s) => s.board[4] === "O");
    // X wins with key 3 (the top right).
    await x.waitForText(/^Your turn \(X\)$/);
    await x.page.keyboard.press("3");

    await x.waitForText(/^You won!$/);
    await o.waitForText(/^You lost$/);
    await w.waitForText(new RegExp(`^${xMe.name} won$`));
    await waitForAnnounced(x, /^You won\.$/);
    await waitForAnnounced(o, /^You lost\.$/);
    await waitForAnnounced(w, new RegExp(`^${xMe.name} won\\.$`));
    // The live region itself (#announcer) holds the latest announcement.
    const region = await x.page.evaluate(() => {
      const el = document.getElementById("announcer")!;
      return { live: el.getAttribute("aria-live"), text: el.textContent!.replace(/\u00a0$/, "") };
    });
    assert.equal(region.live, "polite");
    assert.equal(region.text, (await announced(x)).at(-1));
    await axe(x, "result (won)");
    await axe(o, "result (lost)");
    await axe(w, "result (watched)");

    // O asks for a rematch by keyboard; X is told; both go back to the lobby by keyboard.
    await press(o, "btn:rematch");
    await o.waitForText(/^Waiting for /);
    await x.waitForText(new RegExp(`^${oMe.name} wants a rematch!$`));
    await axe(x, "result, rematch offered");
    await press(x, "btn:result-lobby");
    await press(o, "btn:result-lobby");
    await Promise.all([x.waitForScene("lobby"), o.waitForScene("lobby")]);

    // Leaders, then the opponent's profile from their name in the table.
    await lobbyTab(x, "leaders");
    await x.waitForText(/^Your rank: #\d+/);
    await axe(x, "lobby Leaders");
    await tabTo(x.page, `a[href="/player/${oMe.playerId}"]`);
    await x.page.keyboard.press("Enter");
    await x.waitForScene("player");
    await x.waitForText(new RegExp(`^${oMe.name}$`));
    await axe(x, "player profile");
    await x.page.goBack();
    await x.waitForScene("lobby");

    // History, then the replay, stepped with ← →, Home and End.
    await lobbyTab(x, "history");
    const matchId = suite.server.results.at(-1)!.result.matchId;
    await x.target(`btn:replay:${matchId}`);
    await axe(x, "lobby History");
    await press(x, `btn:replay:${matchId}`);
    await x.waitForScene("replay");
    await x.waitForText(/^Move 5 of 5$/);
    await x.page.keyboard.press("ArrowLeft");
    await x.waitForText(/^Move 4 of 5$/);
    await x.page.keyboard.press("Home");
    await x.waitForText(/^Start$/);
    await x.page.keyboard.press("ArrowRight");
    await x.waitForText(/^Move 1 of 5$/);
    await waitForAnnounced(x, new RegExp(`^Move 1 of 5: ${xMe.name} \\(X\\) takes the top left$`));
    await x.page.keyboard.press("End");
    await x.waitForText(/^Move 5 of 5$/);
    await axe(x, "replay");
    await press(x, "btn:replay-back");
    await x.waitForScene("lobby");
    assertAxeClean();
  });

  it("a challenge and the game's chat by keyboard only: the dialog, the challenge received, accepted, quick phrases and a line, a report, the panel folded; axe on each", async () => {
    const k = await signedUp("Kit");
    const l = await signedUp("Lou");
    const [kMe, lMe] = [await me(k), await me(l)];
    await k.page.goto(`${suite.server.url}/player/${lMe.playerId}`);
    await k.waitForScene("player");
    await press(k, "btn:challenge");
    // The dialog has the focus on its first choice; Tab reaches Send.
    await k.page.waitForSelector('dialog[open] input[name="challenge-game"]:focus');
    await axe(k, "challenge dialog");
    await press(k, "btn:challenge-send");
    await waitForAnnounced(k, new RegExp(`^Challenge sent to ${lMe.name}: a rated game of Tic-tac-toe\\.`));
    await focusedIs(k, "btn:challenge");
    await axe(k, "profile, a challenge sent");
    await waitForAnnounced(l, new RegExp(`^${kMe.name} challenges you to a rated game of Tic-tac-toe\\.$`));
    await axe(l, "lobby, a challenge received");
    const id = (await l.page.getAttribute('[data-target^="btn:accept:"]', "data-target"))!.slice("btn:accept:".length);
    await press(l, `btn:accept:${id}`);
    await Promise.all([k.waitForScene("tictactoe"), l.waitForScene("tictactoe")]);

    await press(k, "btn:phrase:hello");
    await waitForAnnounced(l, new RegExp(`^${kMe.name} says: Hello$`));
    await tabTo(l.page, "#chat-input");
    await l.page.keyboard.type("Hi, good luck");
    await l.page.keyboard.press("Enter");
    await waitForAnnounced(k, new RegExp(`^${lMe.name} says: Hi, good luck$`));
    await axe(k, "game, chat lines");
    await press(l, "btn:report");
    await l.page.waitForSelector("#report-what:focus");
    await l.page.keyboard.press("ArrowDown");
    assert.equal(await l.page.inputValue("#report-what"), "players:1", "the line, after the opponent");
    await l.page.keyboard.press("Tab");
    await l.page.keyboard.press("ArrowDown");
    assert.equal(await l.page.inputValue("#report-reason"), "spam");
    await l.page.keyboard.press("Tab");
    await l.page.keyboard.type("testing the form");
    await axe(l, "game, report form");
    await press(l, "btn:report-send");
    await l.waitForText(/^Thank you: your report was sent to the operator\.$/);
    const [report] = await suite.server.store.reports({ open: true, limit: 1 });
    assert.equal(report.reason, "spam");
    assert.equal(report.note, "testing the form");
    await press(l, "btn:chat-fold");
    await l.page.waitForSelector("#chat-body[hidden]", { state: "attached" });
    await axe(l, "game, chat folded");
    await press(l, "btn:chat-fold");
    assertAxeClean();
  });

  it("plays a whole rock-paper-scissors match against the bot by keyboard only: R, P, S, 1–3 and ← → Enter; a rematch, resigned", async () => {
    const p = await signedUp("Rhea");
    await press(p, "btn:bot:rps");
    await p.waitForScene("rps");
    await axe(p, "rps, picking");
    const ways = ["r", "2", "arrows", "s", "1", "p"];
    for (let round = 0; ; round++) {
      const s = await myTurnOrOver(p);
      if (s.status !== "playing") break;
      await p.waitForText(/Pick a hand\./);
      const way = ways[round % ways.length];
      if (way === "arrows") {
        // The hands are one Tab stop; → moves to paper, → again to scissors.
        await tabTo(p.page, ".board-controls button[tabindex='0']");
        await p.page.keyboard.press("ArrowRight");
        await p.page.keyboard.press("ArrowRight");
        await focusedIs(p, "hand:scissors");
        await p.page.keyboard.press("Enter");
      } else {
        await p.page.keyboard.press(way);
      }
      // The bot may have chosen first: then the round is revealed at once, and "You chose" is never shown.
      await p.waitForGame((g, n) => g.rounds.length > n || g.status !== "playing", s.rounds.length);
      if (round === 0) await axe(p, "rps, a round revealed");
      if (round === 0) await waitForAnnounced(p, /^Round 1: .* played (Rock|Paper|Scissors), .* played (Rock|Paper|Scissors): (a tie|you take it|Parlor Bot takes it)\.$/);
      assert.ok(round < 40, "the match ends");
    }
    await p.waitForText(/^You (won!|lost)$/);
    await waitForAnnounced(p, /^You (won|lost)\.$/);
    await axe(p, "rps result");

    // The bot agrees to a rematch at once: a new match, resigned by keyboard (Enter twice).
    const oldRoom = await p.page.evaluate(() => window.parlorTest.gameRoomId());
    await press(p, "btn:rematch");
    await p.page.waitForFunction((old) => window.parlorTest.gameRoomId() !== null && window.parlorTest.gameRoomId() !== old, oldRoom, { polling: 100 });
    await p.waitForGame((s) => s.status === "playing" && s.rounds.length === 0);
    await resignAndLeave(p);
    assertAxeClean();
  });

  it("plays a whole Connect Four game against the bot by keyboard only: 1–7 and ← → Enter; a rematch, resigned", async () => {
    const p = await signedUp("Cleo");
    await press(p, "btn:bot:connectfour");
    await p.waitForScene("connectfour");
    await p.waitForGame((s) => s.status === "playing");
    let moves = 0;
    for (;;) {
      const s = await myTurnOrOver(p);
      if (s.status !== "playing") break;
      const board: number[] = Array.from(s.board);
      const count = board.filter((c) => c >= 0).length;
      // The column nearest the centre that still has room.
      const column = [3, 2, 4, 1, 5, 0, 6].find((c) => board[c] === -1)!;
      if (moves === 0) {
        // The columns are one Tab stop: Tab in (column 1), → to the column, Enter.
        await tabTo(p.page, ".board-controls button[tabindex='0']");
        await focusedIs(p, "column:0");
        for (let i = 0; i < column; i++) await p.page.keyboard.press("ArrowRight");
        await focusedIs(p, `column:${column}`);
        await axe(p, "connect four, my turn, a column focused");
        await p.page.keyboard.press("Enter");
      } else {
        await p.page.keyboard.press(String(column + 1));
      }
      moves++;
      await p.waitForGame((g, n) => g.board.filter((c: number) => c >= 0).length > n || g.status !== "playing", count);
      assert.ok(moves <= 21, "the game ends");
    }
    const all = await announced(p);
    assert.ok(all.some((t) => /^You \((Red|Yellow)\) drop in column [1-7]\.$/.test(t)), `my drops are said: ${all.join(" | ")}`);
    assert.ok(all.some((t) => /^Parlor Bot \((Red|Yellow)\) drops in column [1-7]\.$/.test(t)), `the bot's drops are said: ${all.join(" | ")}`);
    assert.ok(all.some((t) => /^Your turn \((Red|Yellow)\)$/.test(t)), "my turns are said");
    await p.waitForText(/^(You won!|You lost|Draw)$/);
    await waitForAnnounced(p, /^(You won|You lost|The game is drawn)\.$/);
    await axe(p, "connect four result");

    const oldRoom = await p.page.evaluate(() => window.parlorTest.gameRoomId());
    await press(p, "btn:rematch");
    await p.page.waitForFunction((old) => window.parlorTest.gameRoomId() !== null && window.parlorTest.gameRoomId() !== old, oldRoom, { polling: 100 });
    // (The bot now has the first move and may have made it already.)
    await p.waitForGame((s) => s.status === "playing" && s.board.filter((c: number) => c >= 0).length <= 1);
    await resignAndLeave(p);
    assertAxeClean();
  });
});

import assert from "node:assert/strict";
import { browserSuite, type Player, type Target } from "./browser";

const COLUMNS = 7;
const ROWS = 6;

/** The cell a piece dropped in `column` lands in (row 0 is the top), or -1 when the column is full. */
function landingCell(board: number[], column: number): number {
  for (let row = ROWS - 1; row >= 0; row--) if (board[row * COLUMNS + column] === -1) return row * COLUMNS + column;
  return -1;
}

const pieces = (board: number[]) => board.filter((cell) => cell >= 0).length;

/**
 * Connect Four in Debian's Chromium against the real server: moves are real pointer clicks on a column, taps on a
 * touch screen and real key presses (1–7), at the positions the client's test hook reports.
 */
describe("browser client: Connect Four (Chromium)", function () {
  this.timeout(180_000);
  const suite = browserSuite();

  const playerId = (p: Player) => p.page.evaluate(() => window.parlorTest.player()!.playerId);
  const playerName = (p: Player) => p.page.evaluate(() => window.parlorTest.player()!.name);

  /** Waits until it is `p`'s turn or the game is over; returns the state. */
  async function myTurnOrOver(p: Player, timeout = 30_000) {
    const id = await playerId(p);
    return p.waitForGame(
      (s, me) => s.status !== "playing" || Object.values(s.players).some((pl: any) => pl.playerId === me && pl.seat === s.turn),
      id,
      timeout,
    );
  }

  /** Queues both for Connect Four and waits until both show its screen; returns them in seat order (red first). */
  async function matched(a: Player, b: Player): Promise<[Player, Player]> {
    await a.click("btn:queue:connectfour");
    await a.waitForText(/Searching… position 1/);
    await b.click("btn:queue:connectfour");
    await Promise.all([a.waitForScene("connectfour"), b.waitForScene("connectfour")]);
    const state = await a.waitForGame((s) => s.status === "playing");
    const me = await playerId(a);
    const seatOfA = (Object.values(state.players) as { playerId: string; seat: number }[]).find((p) => p.playerId === me)!.seat;
    return seatOfA === 0 ? [a, b] : [b, a];
  }

  /** One move by the side to move, by a click on the column, a tap, or its key; waits for the server's patch. */
  async function drop(p: Player, column: number, by: "click" | "tap" | "key", watchers: Player[] = []) {
    const before = await myTurnOrOver(p);
    assert.equal(before.status, "playing");
    if (by === "click") await p.click(`column:${column}`);
    else if (by === "tap") await p.tap(`column:${column}`);
    else await p.page.keyboard.press(String(column + 1));
    const cell = landingCell(before.board, column);
    for (const q of [p, ...watchers]) await q.waitForGame((s, c) => s.board[c] >= 0, cell);
    return cell;
  }

  /** The y of `name` every 10 ms from now until it has stood still for a while (no named functions: tsx would wrap them in a helper the page lacks). */
  function recordFall(p: Player, name: string): Promise<number[]> {
    return p.page.evaluate(
      (target) =>
        new Promise<number[]>((resolve) => {
          const ys: number[] = [];
          const started = performance.now();
          const timer = setInterval(() => {
            const t = window.parlorTest.targets()[target];
            if (t) ys.push(t.y);
            const still = ys.length > 10 && ys.slice(-10).every((y) => y === ys[ys.length - 1]);
            if (!still && performance.now() - started < 8000) return;
            clearInterval(timer);
            resolve(ys);
          }, 10);
        }),
      name,
    );
  }

  it("plays the bot to the end with clicks and keys 1–7, the piece falling into the cell the preview showed", async () => {
    const p = await suite.signedUp("Cal");
    await p.click("btn:bot:connectfour");
    await p.waitForScene("connectfour");
    const first = await p.waitForGame((s) => s.status === "playing");
    assert.ok(Object.values(first.players).some((pl: any) => pl.bot), "the opponent is a server bot");
    await p.screenshot("connectfour-bot-start");

    let state = await myTurnOrOver(p);
    const mySeat = (Object.values(state.players) as any[]).find((pl) => !pl.bot).seat;
    // Pointing at a column on my turn shows a ghost piece above it and a faint one where it would land.
    const column = 3;
    const columnTarget = await p.target(`column:${column}`);
    await p.page.mouse.move(columnTarget.x, columnTarget.y);
    const ghost = await p.target("ghost");
    const landing = await p.target("landing");
    assert.ok(Math.abs(ghost.x - columnTarget.x) < 1 && Math.abs(landing.x - columnTarget.x) < 1, "the preview is in the column under the pointer");
    assert.ok(ghost.y < landing.y, "the ghost is above the board, the landing cell in it");
    await p.screenshot("connectfour-preview");
    const cell = landingCell(state.board, column);
    const fall = recordFall(p, `cell:${cell}`);
    await p.page.mouse.down();
    await p.page.mouse.up();
    const ys = await fall;
    const landed = (await p.target(`cell:${cell}`)) as Target;
    assert.ok(Math.abs(landed.x - landing.x) < 1 && Math.abs(landed.y - landing.y) < 1, "the piece lands where the preview showed");
    assert.ok(ys.length >= 5 && ys[0] < landed.y - 20, `the piece falls from above its cell over several frames: ${ys.map(Math.round).join(" ")}`);
    assert.equal(ys.at(-1), landed.y);
    state = await p.waitForGame((s, n) => s.board.filter((c: number) => c >= 0).length > n || s.status !== "playing", pieces(state.board));

    // Then to the end: alternately a click and a key, in the first column that is not full from the centre out.
    const order = [3, 2, 4, 1, 5, 0, 6];
    let moves = 1;
    for (;;) {
      state = await myTurnOrOver(p);
      if (state.status !== "playing") break;
      const next = order.find((c) => landingCell(state.board, c) >= 0)!;
      await drop(p, next, moves % 2 === 0 ? "click" : "key");
      moves++;
    }
    assert.equal(state.status, "finished");
    const finished = await p.waitForGame((s) => s.status === "finished");
    const mine = finished.board.filter((c: number) => c === mySeat).length;
    assert.ok(mine >= moves, `every move I made is on the board (${mine} pieces, ${moves} moves)`);
    if (finished.winner < 0) {
      await p.waitForText(/^Draw$/);
      assert.equal(pieces(finished.board), COLUMNS * ROWS);
    } else {
      await p.waitForText(finished.winner === mySeat ? /^You won!$/ : /^You lost$/);
      await p.waitForText(/^Four in a row$/);
      assert.equal(finished.winningLine.length, 4);
      await p.page.waitForFunction((n) => window.parlorTest.highlighted().length === n, 4, { polling: 100 });
      assert.deepEqual(await p.highlighted(), Array.from(finished.winningLine as number[]).map((c) => `cell:${c}`).sort());
    }
    await p.waitForText(/^Unrated game$/);
    await p.screenshot("connectfour-bot-result");
  });

  it("resigns a bot game at once", async () => {
    const p = await suite.signedUp("Res");
    await p.click("btn:bot:connectfour");
    await p.waitForScene("connectfour");
    await p.waitForGame((s) => s.status === "playing");
    await p.click("btn:resign");
    await p.waitForText(/^Really resign\?$/);
    await p.click("btn:resign");
    await p.waitForText(/^You lost$/);
    await p.waitForText(/^You resigned$/);
  });

  it("plays two people to a win with the four highlighted, watched from the Watch tab; Leaders, History, a replay and a rematch show it", async () => {
    const a = await suite.signedUp("Ada");
    const b = await suite.signedUp("Bo");
    const [red, yellow] = await matched(a, b);
    await red.waitForText(/^Your turn \(Red\)$/);
    await yellow.waitForText(/ to move \(Red\)$/);

    // Off my turn, pointing at a column previews nothing, and a move does nothing but say why.
    const column5 = await yellow.target("column:5");
    await yellow.page.mouse.move(column5.x, column5.y);
    await red.target("status");
    assert.equal((await yellow.page.evaluate(() => window.parlorTest.targets())).ghost, undefined, "no ghost off my turn");
    await yellow.click("column:0");
    await yellow.waitForText(/not your turn/);

    const watcher = await suite.signedUp("Wil");
    await watcher.click("tab:watch");
    const roomId = await red.page.evaluate(() => window.parlorTest.gameRoomId());
    const redName = await playerName(red);
    const yellowName = await playerName(yellow);
    await watcher.waitForText(new RegExp(`^Connect Four: ${redName} \\(\\d+\\) vs ${yellowName} \\(\\d+\\)`));
    await watcher.click(`btn:watch:${roomId}`);
    await watcher.waitForScene("connectfour");
    await watcher.waitForText(/^WATCHING$/);

    // Red builds the bottom row from the left; yellow stacks on top. Red's fourth piece makes four in a row.
    const script: [Player, number, "click" | "key"][] = [
      [red, 0, "click"], [yellow, 0, "key"], [red, 1, "key"], [yellow, 1, "click"], [red, 2, "click"], [yellow, 2, "click"], [red, 3, "key"],
    ];
    for (const [p, column, by] of script) await drop(p, column, by, [watcher]);
    await watcher.screenshot("connectfour-spectating");

    await red.waitForText(/^You won!$/);
    await yellow.waitForText(/^You lost$/);
    await watcher.waitForText(new RegExp(`^${redName} won$`));
    await red.waitForText(/^Four in a row$/);
    await red.waitForText(/^Rating \+\d+, now \d+$/);
    await yellow.waitForText(/^Rating -\d+, now \d+$/);
    const final = await red.gameState();
    const four = [35, 36, 37, 38];
    assert.deepEqual(Array.from(final.winningLine as number[]).sort((x, y) => x - y), four);
    for (const p of [red, yellow, watcher]) assert.deepEqual(await p.highlighted(), four.map((c) => `cell:${c}`).sort(), `${p.label} sees the four highlighted`);
    await red.screenshot("connectfour-result");

    // Rematch: both ask, both land in a new room with the colours swapped.
    const oldRoom = roomId;
    await yellow.click("btn:rematch");
    await red.waitForText(new RegExp(`^${yellowName} wants a rematch!$`));
    await red.click("btn:rematch");
    for (const p of [red, yellow]) {
      await p.page.waitForFunction((old) => window.parlorTest.gameRoomId() !== null && window.parlorTest.gameRoomId() !== old, oldRoom, { polling: 100 });
      await p.waitForGame((s) => s.status === "playing" && s.board.every((c: number) => c === -1));
    }
    await yellow.waitForText(/^Your turn \(Red\)$/);
    assert.deepEqual(await red.highlighted(), [], "a fresh board");
    // The new red drops one piece and resigns: the first red wins again.
    await drop(yellow, 6, "key");
    await yellow.click("btn:resign");
    await yellow.click("btn:resign");
    await red.waitForText(/^You won!$/);

    await red.click("btn:result-lobby");
    await red.waitForScene("lobby");
    await red.click("tab:leaders");
    // As a player would: the default board has shown before the Connect Four one is picked (a click during the
    // tab's first load can land while its buttons are being rebuilt).
    await red.waitForText(/^Play a rated game to get a rank\.$|^Your rank: /);
    await red.click("btn:board:connectfour");
    await red.target(`leader:${await red.page.evaluate(() => window.parlorTest.player()!.playerId)}`);
    assert.match(await red.page.locator("[data-target^='leader:']").first().innerText(), new RegExp(`^#1\\s+${redName}\\s+\\d+\\?\\s+2 / 0 / 0$`));
    await red.waitForText(/^Your rank: #1 · \d+\?$/);
    await red.screenshot("connectfour-leaderboard");

    await red.click("tab:history");
    await red.waitForText(new RegExp(`^Connect Four vs ${yellowName}: Won, rating \\+\\d+$`));
    await red.waitForText(/^.+ · four in a row$/);
    await red.waitForText(/^.+ · resigned$/);
    const won = suite.server.results.find((r) => r.result.game === "connectfour" && r.result.reason === "line" && r.result.players.some((pl) => pl.name === redName))!;
    await red.click(`btn:replay:${won.result.matchId}`);
    await red.waitForScene("replay");
    await red.waitForText(/^Replay: Connect Four$/);
    await red.waitForText(new RegExp(`^${redName} \\(Red\\) vs ${yellowName} \\(Yellow\\)$`));
    await red.waitForText(/^Move 7 of 7$/);
    await red.waitForText(new RegExp(`^${redName} \\(Red\\) drops in column 4$`));
    assert.deepEqual(await red.highlighted(), four.map((c) => `replay:cell:${c}`).sort());
    await red.screenshot("connectfour-replay");
    await red.click("btn:replay-first");
    await red.waitForText(/^Start$/);
    const shownPieces = async () => Object.keys(await red.page.evaluate(() => window.parlorTest.targets())).filter((k) => k.startsWith("replay:cell:")).sort();
    assert.deepEqual(await shownPieces(), [], "an empty board");
    assert.deepEqual(await red.highlighted(), []);
    await red.click("btn:replay-next");
    await red.waitForText(/^Move 1 of 7$/);
    await red.waitForText(new RegExp(`^${redName} \\(Red\\) drops in column 1$`));
    assert.deepEqual(await shownPieces(), ["replay:cell:35"]);
    await red.page.keyboard.press("ArrowRight");
    await red.waitForText(/^Move 2 of 7$/);
    assert.deepEqual(await shownPieces(), ["replay:cell:28", "replay:cell:35"], "yellow's piece on top of red's");
  });

  it("fits a phone screen and plays by tapping a column", async () => {
    const p = await suite.signedUp("Pip", { viewport: { width: 390, height: 844 }, hasTouch: true });
    await p.screenshot("connectfour-phone-lobby");
    const lobby = await p.page.evaluate(() => window.parlorTest.targets());
    // The lobby is a page that scrolls on a phone; nothing sticks out sideways.
    for (const [name, t] of Object.entries(lobby)) assert.ok(t.x >= 0 && t.x <= 390, `${name} is on the page at ${t.x},${t.y}`);
    assert.ok(await p.page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scrolling");
    await p.tap("btn:bot:connectfour");
    await p.waitForScene("connectfour");
    const state = await myTurnOrOver(p);
    const cell = await drop(p, 3, "tap");
    assert.equal(cell, landingCell(state.board, 3));
    const targets = await p.page.evaluate(() => window.parlorTest.targets());
    for (let c = 0; c < COLUMNS; c++) assert.ok(targets[`column:${c}`], `column ${c} can be tapped`);
    // Everything of the game is on screen; the chat panel sits under it, a scroll away (docs/client.md, "Chat").
    const chat = new Set(await p.page.evaluate(() => Array.from(document.querySelectorAll(".chat[data-target], .chat [data-target]")).map((el) => el.getAttribute("data-target")!)));
    for (const [name, t] of Object.entries(targets)) if (!chat.has(name)) assert.ok(t.x >= 0 && t.x <= 390 && t.y >= 0 && t.y <= 844, `${name} is on screen at ${t.x},${t.y}`);
    assert.ok(chat.size > 0 && [...chat].every((name) => targets[name].x >= 0 && targets[name].x <= 390), "the chat is on the page, not beside it");
    await p.screenshot("connectfour-phone");
  });
});

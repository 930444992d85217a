import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { browserSuite, type Player } from "./browser";

/**
 * The browser client against the real server, in Debian's Chromium: every click is a real pointer
 * event at a position the client's test hook reports (client/src/testHook.ts).
 */
describe("browser client (Chromium)", function () {
  this.timeout(90_000);
  const GRACE_MS = 8000;
  const suite = browserSuite({ config: { graceMs: GRACE_MS } });

  /** Queues both for `game` and waits until both show its screen; returns them in seat order. */
  async function matched(a: Player, b: Player, game: "tictactoe" | "rps", whileQueued?: () => Promise<void>): Promise<[Player, Player]> {
    await a.click(`btn:queue:${game}`);
    await a.waitForText(/Searching… position 1/);
    await whileQueued?.();
    await b.click(`btn:queue:${game}`);
    await Promise.all([a.waitForScene(game), b.waitForScene(game)]);
    const state = await a.waitForGame((s) => s.status === "playing");
    const me = await a.page.evaluate(() => window.parlorTest.player()!.playerId);
    const seatOfA = (Object.values(state.players) as { playerId: string; seat: number }[]).find((p) => p.playerId === me)!.seat;
    return seatOfA === 0 ? [a, b] : [b, a];
  }

  /** Plays tic-tac-toe cells in order, each by the side to move, waiting for the server's patch between moves. */
  async function playCells(x: Player, o: Player, cells: number[], from = 0) {
    for (let i = from; i < cells.length; i++) {
      const mover = i % 2 === 0 ? x : o;
      await mover.waitForText(/^Your turn/);
      await mover.click(`cell:${cells[i]}`);
      await x.waitForGame((s, cell) => s.board[cell] !== "", cells[i]);
    }
  }

  it("plays tic-tac-toe to a win on both sides, watched from a third browser, and the leaderboard shows it", async () => {
    const a = await suite.open("Ann");
    await a.waitForScene("name");
    await a.screenshot("name");
    await a.signUp(suite.uniqueName("Ann"));
    const b = await suite.signedUp("Ben");
    await a.screenshot("lobby");
    const [x, o] = await matched(a, b, "tictactoe", () => a.screenshot("lobby-queued"));
    await x.screenshot("tictactoe-start");

    // A cell that cannot be played does nothing but say why; the board is unchanged.
    await o.click("cell:4");
    await o.waitForText(/not your turn/);

    const watcher = await suite.signedUp("Wes");
    await watcher.click("tab:watch");
    const roomId = await x.page.evaluate(() => window.parlorTest.gameRoomId());
    await watcher.target(`btn:watch:${roomId}`);
    await watcher.screenshot("lobby-watch");
    await watcher.click(`btn:watch:${roomId}`);
    await watcher.waitForScene("tictactoe");
    await watcher.waitForText(/^WATCHING$/);

    await playCells(x, o, [0, 3, 1, 4]);
    await watcher.waitForGame((s) => s.board[4] === "O");
    await x.screenshot("tictactoe-midgame");
    await watcher.screenshot("spectating");
    await playCells(x, o, [0, 3, 1, 4, 2], 4);

    await x.waitForText(/^You won!$/);
    await o.waitForText(/^You lost$/);
    const xName = (await x.page.evaluate(() => window.parlorTest.player()!.name))!;
    await watcher.waitForText(new RegExp(`^${xName} won$`));
    await x.waitForText(/^Three in a row$/);
    await x.waitForText(/^Rating \+\d+, now \d+$/);
    await o.waitForText(/^Rating -\d+, now \d+$/);
    const final = await x.gameState();
    assert.deepEqual(Array.from(final.winningLine), [0, 1, 2]);
    await x.screenshot("tictactoe-result");
    await o.screenshot("tictactoe-result-loser");
    // Watchers cannot play: no resign or rematch for them.
    assert.equal((await watcher.page.evaluate(() => window.parlorTest.targets()))["btn:rematch"], undefined);

    await x.click("btn:result-lobby");
    await x.waitForScene("lobby");
    await x.click("tab:leaders");
    // After one game both ratings are provisional (deviation >= 110): marked with "?".
    const xId = (await x.page.evaluate(() => window.parlorTest.player()!.playerId))!;
    await x.target(`leader:${xId}`);
    assert.match(await x.page.locator(`[data-target="leader:${xId}"]`).innerText(), new RegExp(`^#1\\s+${xName}\\s+\\d+\\?\\s+1 / 0 / 0$`));
    await x.waitForText(/^Your rank: #1 · \d+\?$/);
    await x.screenshot("leaderboard");

    // The same match, replayed from history move by move.
    await x.click("tab:history");
    const matchId = suite.server.results.at(-1)!.result.matchId;
    await x.target(`btn:replay:${matchId}`);
    await x.screenshot("history");
    await x.click(`btn:replay:${matchId}`);
    await x.waitForScene("replay");
    await x.waitForText(/^Move 5 of 5$/);
    await x.click("btn:replay-first");
    await x.waitForText(/^Start$/);
    await x.click("btn:replay-next");
    await x.waitForText(/^Move 1 of 5$/);
    await x.screenshot("replay");
  });

  it("plays rock-paper-scissors to the end of the match, with hidden choices", async () => {
    const a = await suite.signedUp("Rita");
    const b = await suite.signedUp("Rob");
    const [first, second] = await matched(a, b, "rps");
    for (let round = 1; round <= 2; round++) {
      await first.click("hand:rock");
      await first.waitForText(/^You chose Rock\./);
      // The opponent sees that a choice was made, not which.
      await second.waitForText(/has chosen\.$/);
      const seen = await second.gameState();
      assert.ok(Object.values(seen.players).every((p: any) => !p.hand), "the opponent's hand is not in my state");
      if (round === 1) await second.screenshot("rps-chosen");
      await second.click("hand:scissors");
      await first.waitForGame((s, n) => s.rounds.length === n, round);
      await second.waitForText(new RegExp(`^Round ${round}: .* takes the round$`));
    }
    await first.waitForText(/^You won!$/);
    await second.waitForText(/^You lost$/);
    await first.waitForText(/^Won on rounds$/);
    await first.screenshot("rps-result");

    // Rematch: the first to ask is shown to the other, and both land in a new room with sides swapped.
    const oldRoom = await first.page.evaluate(() => window.parlorTest.gameRoomId());
    const secondName = (await second.page.evaluate(() => window.parlorTest.player()!.name))!;
    await second.click("btn:rematch");
    await second.waitForText(/^Waiting for .+…$/);
    await first.waitForText(new RegExp(`^${secondName} wants a rematch!$`));
    await first.click("btn:rematch");
    for (const p of [first, second]) {
      await p.page.waitForFunction((old) => window.parlorTest.gameRoomId() !== null && window.parlorTest.gameRoomId() !== old, oldRoom, { polling: 100 });
      await p.waitForGame((s) => s.status === "playing" && s.rounds.length === 0);
    }
    await second.waitForText(/^Pick a hand\./);
  });

  it("resumes a game after a page refresh, with one socket per player", async () => {
    const a = await suite.signedUp("Ria");
    const b = await suite.signedUp("Ray");
    const [x, o] = await matched(a, b, "tictactoe");
    await playCells(x, o, [0, 3]);
    const roomId = (await x.page.evaluate(() => window.parlorTest.gameRoomId()))!;

    await o.page.reload();
    await o.waitForScene("tictactoe");
    await o.waitForGame((s) => s.board[3] === "O");
    const room = matchMaker.getLocalRoomById(roomId);
    assert.equal(room.clients.length, 2, "exactly the two players' sockets");
    await x.waitForGame((s) => Object.values(s.players).every((p: any) => p.connected));

    await playCells(x, o, [0, 3, 1, 4, 2], 2);
    await x.waitForText(/^You won!$/);
    await o.waitForText(/^You lost$/);
    assert.equal(matchMaker.getLocalRoomById(roomId).clients.length, 2);
  });

  it("reconnects by itself after a dropped socket, showing that it is reconnecting", async () => {
    const a = await suite.signedUp("Dee");
    const b = await suite.signedUp("Dan");
    const [x, o] = await matched(a, b, "tictactoe");
    const roomId = (await x.page.evaluate(() => window.parlorTest.gameRoomId()))!;
    const oId = (await o.page.evaluate(() => window.parlorTest.player()!.playerId))!;
    const room = matchMaker.getLocalRoomById(roomId);
    const socket = room.clients.find((c) => room.state.players.get(c.sessionId)?.playerId === oId)!;
    (socket as unknown as { ref: { terminate(): void } }).ref.terminate();

    await o.waitForText(/^Reconnecting to your game…$/, 5000);
    await x.waitForText(/^disconnected, 0:0\d to return$/);
    await x.waitForGame((s) => Object.values(s.players).every((p: any) => p.connected));
    await playCells(x, o, [0, 3, 1, 4, 2]);
    await o.waitForText(/^You lost$/);
    assert.equal(matchMaker.getLocalRoomById(roomId).clients.length, 2);
  });

  it("gives up with a clear message when the game cannot be reached within the grace period", async () => {
    const a = await suite.signedUp("Gil");
    const b = await suite.signedUp("Gus");
    const [x, o] = await matched(a, b, "tictactoe");
    const roomId = (await x.page.evaluate(() => window.parlorTest.gameRoomId()))!;
    const oId = (await o.page.evaluate(() => window.parlorTest.player()!.playerId))!;
    // The network goes away: no new connection from this tab can be made.
    o.offline = true;
    await o.context.setOffline(true);
    const room = matchMaker.getLocalRoomById(roomId);
    const socket = room.clients.find((c) => room.state.players.get(c.sessionId)?.playerId === oId)!;
    (socket as unknown as { ref: { terminate(): void } }).ref.terminate();

    await o.waitForText(/^Reconnecting to your game…$/, 5000);
    // Taken here, where the reconnection cannot succeed. In the previous test the reconnection takes a few hundred
    // ms, less than a screenshot, so the opponent's brief "disconnected" line would come and go unseen.
    await o.screenshot("reconnecting");
    await o.waitForText(/^Could not reconnect to the game before the grace period ran out\.$/, GRACE_MS + 10_000);
    await o.waitForScene("lobby");
    // The server saw the same: the player who left lost by abandoning.
    await x.waitForText(/^You won!$/, 15_000);
    await x.waitForText(/left and did not come back$/);
  });

  it("shows server errors as notices and fits a phone-sized screen", async () => {
    const p = await suite.open("phone", { viewport: { width: 390, height: 844 } });
    await p.waitForScene("name");
    await p.screenshot("phone-name");
    await p.signUp(suite.uniqueName("Pam"));
    await p.page.fill("#code-input", "ZZZZZ");
    await p.click("btn:private-join");
    await p.waitForText(/private game/i);
    await p.click("btn:private:tictactoe");
    await p.waitForText(/^Code [A-Z0-9]{5} \(Tic-tac-toe\) · expires in \d+:\d\d$/);
    const targets = await p.page.evaluate(() => window.parlorTest.targets());
    // The lobby is a page that scrolls on a phone; nothing sticks out sideways.
    for (const [name, t] of Object.entries(targets)) assert.ok(t.x >= 0 && t.x <= 390, `${name} is on the page at ${t.x},${t.y}`);
    assert.ok(await p.page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scrolling");
    await p.screenshot("phone-lobby");
  });

  it("counts the turn clock down on the server's clock, even on a device whose own clock is off by minutes", async () => {
    const ahead = await suite.open("Ahead", { clockSkewMs: 10 * 60_000 });
    await ahead.signUp(suite.uniqueName("Abe"));
    const behind = await suite.open("Behind", { clockSkewMs: -10 * 60_000 });
    await behind.signUp(suite.uniqueName("Bo"));
    await matched(ahead, behind, "tictactoe");
    // A 30 s turn: on its own clock one page would show 0:00 and the other 10:29.
    const turnSeconds = suite.server.config.games.tictactoe.turnMs / 1000;
    for (const p of [ahead, behind]) {
      const text = await p.waitForText(/^\d+:\d\d left$/);
      const [m, s] = text.split(" ")[0].split(":").map(Number);
      const left = m * 60 + s;
      assert.ok(left > turnSeconds - 10 && left <= turnSeconds, `${p.label} shows ${text} for a ${turnSeconds} s turn`);
    }
  });

  it("plays a bot at once from the lobby", async () => {
    const p = await suite.signedUp("Bea");
    await p.click("btn:bot:tictactoe");
    await p.waitForScene("tictactoe");
    const state = await p.waitForGame((s) => s.status === "playing");
    assert.ok(Object.values(state.players).some((pl: any) => pl.bot), "the opponent is a server bot");
    await p.waitForText(/^bot$/);
    await p.click("btn:resign");
    await p.waitForText(/^Really resign\?$/);
    await p.click("btn:resign");
    await p.waitForText(/^You lost$/);
    await p.waitForText(/^You resigned$/);
    await p.waitForText(/^Unrated game$/);
  });

  it("recognises a returning player from the token kept in localStorage", async () => {
    const p = await suite.signedUp("Kim");
    const name = (await p.page.evaluate(() => window.parlorTest.player()!.name))!;
    const again = await p.context.newPage();
    await again.goto(suite.server.url);
    await again.waitForFunction(() => window.parlorTest?.scene() === "lobby", undefined, { polling: 100 });
    assert.equal(await again.evaluate(() => window.parlorTest.player()!.name), name);
  });
});

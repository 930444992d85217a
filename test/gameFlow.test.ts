import assert from "node:assert/strict";
import type { Room } from "colyseus.js";
import { collect, type Collector, signUp, sleep, startTestServer, subscribe, waitForState, type TestGuest, type TestServer } from "./support/harness";

// Issue #14: what the browser client needs to show the game flow honestly, through real clients.

interface Lobbyist extends TestGuest {
  lobby: Room;
  matched: Collector;
  queued: Collector;
  errors: Collector;
}

async function enterLobby(server: TestServer, name: string): Promise<Lobbyist> {
  const g = await signUp(server, name);
  const lobby = await g.client.joinOrCreate("lobby");
  return { ...g, lobby, matched: collect(lobby, "matched"), queued: collect(lobby, "queued"), errors: collect(lobby, "error") };
}

async function getJson(server: TestServer, path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
}

/** A private game between two lobbyists: the creator's choices, then both seated and playing. */
async function privateGame(creator: Lobbyist, friend: Lobbyist, options: { listed?: boolean; rated?: boolean } = {}) {
  const created = collect(creator.lobby, "private:created");
  creator.lobby.send("private:create", { game: "tictactoe", ...options });
  const made = await created.next();
  friend.lobby.send("private:join", { code: made.code });
  const [mc, mf] = await Promise.all([creator.matched.next(), friend.matched.next()]);
  const rooms: [Room, Room] = [await creator.client.consumeSeatReservation(mc.reservation), await friend.client.consumeSeatReservation(mf.reservation)];
  await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
  return { made, matched: [mc, mf], rooms };
}

/** The room of each seat (0 moves first). */
const bySeat = (rooms: Room[]) => [0, 1].map((seat) => rooms.find((r) => r.state.players.get(r.sessionId).seat === seat)!);

/** Plays moves by seat in turn, waiting for each to land. */
async function play(rooms: Room[], cells: number[]) {
  const seats = bySeat(rooms);
  for (const [i, cell] of cells.entries()) {
    seats[i % 2].send("move", { cell });
    await waitForState(rooms[0], (s) => s.board[cell] !== "");
  }
}

/** Both ask for a rematch; resolves with the new rooms, in the same player order. */
async function rematch(rooms: Room[], players: TestGuest[]): Promise<Room[]> {
  const offers = rooms.map((r) => collect(r, "rematch"));
  rooms[0].send("rematch");
  await waitForState(rooms[1], (s) => s.players.get(rooms[0].sessionId).wantsRematch === true);
  rooms[1].send("rematch");
  const reservations = await Promise.all(offers.map((o) => o.next()));
  const again = await Promise.all(players.map((p, i) => p.client.consumeSeatReservation(reservations[i].reservation)));
  await Promise.all(again.map((r) => waitForState(r, (s) => s.status === "playing")));
  rooms.forEach((r) => r.leave());
  return again;
}

const seriesOf = (room: Room, player: TestGuest) => [...room.state.players.values()].find((p: any) => p.playerId === player.playerId).series;

describe("game flow (#14): bot fill, announced and optional", function () {
  this.timeout(30_000);
  const BOT_FILL_MS = 400;
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ botFillMs: BOT_FILL_MS });
  });
  after(() => server?.close());

  it("queued says when a bot will be offered; matched says the bot filled the ticket", async () => {
    const solo = await enterLobby(server, "Solo Fill");
    solo.lobby.send("queue", { game: "tictactoe" });
    const queued = await solo.queued.next();
    assert.deepEqual(queued, { game: "tictactoe", position: 1, since: queued.since, botFillAt: queued.since + BOT_FILL_MS });
    const m = await solo.matched.next(() => true, 3000);
    assert.ok(Date.now() >= queued.botFillAt - 50, "not before botFillAt");
    assert.equal(m.botFill, true);
    assert.equal(m.rated, false);
    assert.equal(m.opponent.bot, true);
    solo.lobby.leave();
  });

  it("a ticket that opts out waits for a human; queue:botfill turns it on again in place, with a fresh queued", async () => {
    const picky = await enterLobby(server, "Picky");
    picky.lobby.send("queue", { game: "rps", botFill: false });
    const first = await picky.queued.next();
    assert.equal(first.botFillAt, null);
    await sleep(BOT_FILL_MS * 2);
    assert.equal(picky.matched.seen.length, 0, "no bot for a ticket that said no");

    picky.lobby.send("queue:botfill", { enabled: true });
    const again = await picky.queued.next();
    assert.deepEqual(again, { game: "rps", position: 1, since: first.since, botFillAt: first.since + BOT_FILL_MS }, "the same place and wait");
    const m = await picky.matched.next(() => true, 3000);
    assert.equal(m.botFill, true, "it had waited long enough already: a bot at the next pairing");
    picky.lobby.leave();
  });

  it("queue:botfill off keeps the ticket's place; two humans and vsBot are never botFill", async () => {
    const [ada, bea, cy] = [await enterLobby(server, "Ada Fill"), await enterLobby(server, "Bea Fill"), await enterLobby(server, "Cy Fill")];
    ada.lobby.send("queue", { game: "connectfour" });
    const first = await ada.queued.next();
    ada.lobby.send("queue:botfill", { enabled: false });
    const off = await ada.queued.next();
    assert.deepEqual(off, { game: "connectfour", position: 1, since: first.since, botFillAt: null });
    await sleep(BOT_FILL_MS * 2);
    assert.equal(ada.matched.seen.length, 0);

    bea.lobby.send("queue", { game: "connectfour", botFill: false });
    const [ma, mb] = await Promise.all([ada.matched.next(), bea.matched.next()]);
    for (const m of [ma, mb]) assert.deepEqual([m.botFill, m.rated, m.opponent.bot], [false, true, undefined]);

    cy.lobby.send("queue", { game: "rps", vsBot: true });
    const vsBot = await cy.matched.next();
    assert.deepEqual([vsBot.botFill, vsBot.rated, vsBot.opponent.bot], [false, false, true]);
    [ada, bea, cy].forEach((p) => p.lobby.leave());
  });

  it("queue:botfill without a ticket is NOT_QUEUED, and a bad shape is BAD_MESSAGE", async () => {
    const p = await enterLobby(server, "No Ticket");
    const cases: [unknown, string][] = [
      [{ enabled: true }, "NOT_QUEUED"],
      [{ enabled: "yes" }, "BAD_MESSAGE"],
      [{}, "BAD_MESSAGE"],
      [undefined, "BAD_MESSAGE"],
      [{ enabled: false, game: "rps" }, "BAD_MESSAGE"],
    ];
    for (const [payload, code] of cases) {
      p.lobby.send("queue:botfill", payload as never);
      const error = await p.errors.next();
      assert.equal(error.code, code, `${JSON.stringify(payload)}: ${error.message}`);
    }
    p.lobby.send("queue", { game: "rps", botFill: "no" });
    assert.equal((await p.errors.next()).code, "BAD_MESSAGE");
    p.lobby.leave();
  });
});

describe("game flow (#14): private games, watching and the rematch series", function () {
  this.timeout(40_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ botFillMs: 0 });
  });
  after(() => server?.close());

  it("with bot fill off on the server, every queued says botFillAt null", async () => {
    const p = await enterLobby(server, "Never Filled");
    p.lobby.send("queue", { game: "tictactoe" });
    assert.equal((await p.queued.next()).botFillAt, null);
    p.lobby.send("queue:botfill", { enabled: true });
    assert.equal((await p.queued.next()).botFillAt, null, "opting in changes nothing while the server has it off");
    p.lobby.send("cancel");
    p.lobby.leave();
  });

  it("an unlisted private game, and its rematches, are not on the Watch list and cannot be spectated; the series adds up to 1½–½", async () => {
    const [host, friend, watcher] = [await enterLobby(server, "Host"), await enterLobby(server, "Friend"), await enterLobby(server, "Watcher")];
    const live = subscribe(watcher.lobby, "live");
    const { made, matched, rooms } = await privateGame(host, friend);
    assert.equal(made.listed, false, "unlisted unless asked");
    for (const m of matched) assert.equal(m.botFill, false);
    assert.deepEqual([rooms[0].state.seriesGames, seriesOf(rooms[0], host), seriesOf(rooms[0], friend)], [0, 0, 0]);
    await sleep(1300);
    assert.ok(!live.latest()!.games.some((g: any) => g.roomId === rooms[0].roomId), "not on the Watch list");
    await assert.rejects(watcher.client.joinById(rooms[0].roomId, { spectate: true }), (e: any) => /^SPECTATE_PRIVATE: /.test(e.message));

    // Game 1: the friend resigns, the host wins.
    rooms[1].send("resign");
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
    let now = await rematch(rooms, [host, friend]);
    assert.deepEqual([now[0].state.seriesGames, seriesOf(now[0], host), seriesOf(now[0], friend)], [1, 1, 0], "Series 1–0");
    assert.deepEqual([seriesOf(now[1], host), seriesOf(now[1], friend)], [1, 0], "both players see it");
    await assert.rejects(watcher.client.joinById(now[0].roomId, { spectate: true }), /SPECTATE_PRIVATE/, "the rematch keeps the choice");

    // Game 2: a draw.
    await play(now, [0, 1, 2, 4, 3, 5, 7, 6, 8]);
    const drawn = await waitForState(now[0], (s) => s.status === "finished");
    assert.equal(drawn.reason, "draw");
    now = await rematch(now, [host, friend]);
    assert.deepEqual([now[0].state.seriesGames, seriesOf(now[0], host), seriesOf(now[0], friend)], [2, 1.5, 0.5], "Series 1½–½");
    await sleep(1300);
    assert.ok(!live.latest()!.games.some((g: any) => now.some((r) => r.roomId === g.roomId)), "no game of the series was listed");
    await assert.rejects(watcher.client.joinById(now[0].roomId, { spectate: true }), /SPECTATE_PRIVATE/);
    now[0].send("resign");
    now.forEach((r) => r.leave());
    [host, friend, watcher].forEach((p) => p.lobby.leave());
  });

  it("a listed private game is listed and watched like any other; a client cannot set a series", async () => {
    const [host, friend, watcher] = [await enterLobby(server, "Open Host"), await enterLobby(server, "Open Friend"), await enterLobby(server, "Open Watcher")];
    const live = subscribe(watcher.lobby, "live");
    const { made, rooms } = await privateGame(host, friend, { listed: true });
    assert.equal(made.listed, true);
    const shown = await live.until((l) => l.games.some((g: any) => g.roomId === rooms[0].roomId), 3000);
    assert.equal(shown.games.find((g: any) => g.roomId === rooms[0].roomId).rated, false);
    const forged = { games: 5, scores: { [host.playerId]: 5 } };
    const view = await watcher.client.joinById(rooms[0].roomId, { spectate: true, series: forged, unlisted: true });
    await waitForState(view, (s) => s.spectators === 1);
    assert.equal(view.state.seriesGames, 0, "join options are not room options");
    await assert.rejects(watcher.client.create("tictactoe", { series: forged }), /SEAT_RESERVED/, "nor can a client create a room with one");

    rooms[0].send("resign");
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
    const again = await rematch(rooms, [host, friend]);
    await live.until((l) => l.games.some((g: any) => g.roomId === again[0].roomId), 3000);
    assert.deepEqual([seriesOf(again[0], friend), seriesOf(again[0], host), again[0].state.seriesGames], [1, 0, 1]);
    again[0].send("resign");
    [view, ...again].forEach((r) => r.leave());
    [host, friend, watcher].forEach((p) => p.lobby.leave());
  });

  it("GET /api/players/:id carries the rating card: each game with a rated result, with its rank", async () => {
    const [ann, bob] = [await enterLobby(server, "Card Ann"), await enterLobby(server, "Card Bob")];
    const { rooms } = await privateGame(ann, bob, { rated: true });
    rooms[1].send("resign");
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
    const profile = await getJson(server, `/api/players/${ann.playerId}`);
    assert.equal(profile.status, 200);
    const [card, ...rest] = profile.body.ratings;
    assert.equal(rest.length, 0, "only tic-tac-toe has a rated result");
    const board = (await getJson(server, "/api/leaderboard?game=tictactoe")).body.rows.find((r: any) => r.playerId === ann.playerId);
    assert.deepEqual(card, { game: "tictactoe", rating: board.rating, rd: card.rd, provisional: true, wins: 1, losses: 0, draws: 0, rank: board.rank });
    assert.equal(Number.isInteger(card.rd), true);
    assert.ok(card.rating > 1500);
    const nobody = await signUp(server, "Card Nobody");
    assert.deepEqual((await getJson(server, `/api/players/${nobody.playerId}`)).body.ratings, []);
    rooms.forEach((r) => r.leave());
    [ann, bob].forEach((p) => p.lobby.leave());
  });
});

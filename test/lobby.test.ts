import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "colyseus.js";
import { collect, type Collector, signUp, sleep, startTestServer, subscribe, waitForState, type TestGuest, type TestServer } from "./support/harness";

interface Lobbyist extends TestGuest {
  lobby: Room;
  matched: Collector;
  queued: Collector;
  errors: Collector;
}

async function enterLobby(server: TestServer, name: string, guest?: TestGuest): Promise<Lobbyist> {
  const g = guest ?? (await signUp(server, name));
  const lobby = await g.client.joinOrCreate("lobby");
  return { ...g, lobby, matched: collect(lobby, "matched"), queued: collect(lobby, "queued"), errors: collect(lobby, "error") };
}

async function getJson(server: TestServer, path: string, token?: string) {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

/** Plays tic-tac-toe with the first mover taking the top row and the other the middle row. */
async function playTopRowWin(rooms: Room[]) {
  const bySeat = [0, 1].map((seat) => rooms.find((r) => r.state.players.get(r.sessionId).seat === seat)!);
  const plan: [number, number][] = [[0, 0], [1, 3], [0, 1], [1, 4], [0, 2]];
  for (const [seat, cell] of plan) {
    bySeat[seat].send("move", { cell });
    await waitForState(rooms[0], (s) => s.board[cell] !== "");
  }
  await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
  return bySeat;
}

describe("lobby, identity, store and leaderboards", function () {
  this.timeout(30_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ noShowMs: 600, privateCodeMs: 400, botFillMs: 0 });
  });
  after(() => server?.close());

  it("two guests queue, get matched, play to a win; the leaderboard shows 1-0 and both ratings moved", async () => {
    const alice = await enterLobby(server, "Alice Lobby");
    const bob = await enterLobby(server, "Bob Lobby");
    alice.lobby.send("queue", { game: "tictactoe" });
    const queued = await alice.queued.next();
    assert.equal(queued.game, "tictactoe");
    assert.equal(queued.position, 1);
    assert.ok(queued.since <= Date.now());
    const bobCounts = subscribe(bob.lobby, "counts");
    await bobCounts.until((c) => c.queues.tictactoe === 1);

    bob.lobby.send("queue", { game: "tictactoe" });
    const [ma, mb] = await Promise.all([alice.matched.next(), bob.matched.next()]);
    assert.equal(ma.game, "tictactoe");
    assert.deepEqual(ma.opponent, { playerId: bob.playerId, name: "Bob Lobby", rating: 1500 });
    assert.equal(mb.opponent.playerId, alice.playerId);

    const rooms = [await alice.client.consumeSeatReservation(ma.reservation), await bob.client.consumeSeatReservation(mb.reservation)];
    // Seats first: this server's no-show clock (600 ms) is shorter than the counts' second.
    await bobCounts.until((c) => c.queues.tictactoe === 0);
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    const live = await subscribe(alice.lobby, "live").until((l) => l.games.length === 1, 3000);
    const listed = live.games[0];
    assert.equal(listed.roomId, rooms[0].roomId);
    assert.deepEqual([...listed.names].sort(), ["Alice Lobby", "Bob Lobby"]);

    const [x, o] = await playTopRowWin(rooms);
    const winner = x === rooms[0] ? alice : bob;
    const loser = winner === alice ? bob : alice;
    const final = x.state;
    assert.ok(final.players.get(x.sessionId).ratingChange > 0, "the winner's rating change is in the state");
    assert.ok(final.players.get(o.sessionId).ratingChange < 0);

    const board = await getJson(server, "/api/leaderboard?game=tictactoe");
    assert.equal(board.status, 200);
    const top = board.body.rows.find((r: any) => r.playerId === winner.playerId);
    const bottom = board.body.rows.find((r: any) => r.playerId === loser.playerId);
    assert.deepEqual([top.wins, top.losses, top.draws, top.games], [1, 0, 0, 1]);
    assert.deepEqual([bottom.wins, bottom.losses, bottom.draws, bottom.games], [0, 1, 0, 1]);
    assert.ok(top.rating > 1500 && bottom.rating < 1500);
    assert.ok(top.rank < bottom.rank);

    const around = await getJson(server, `/api/leaderboard/around/${loser.playerId}?game=tictactoe`);
    assert.equal(around.status, 200);
    assert.equal(around.body.me.playerId, loser.playerId);
    assert.ok(around.body.rows.some((r: any) => r.playerId === winner.playerId));

    const profile = await getJson(server, `/api/players/${winner.playerId}`);
    assert.equal(profile.status, 200);
    assert.equal(profile.body.recent.length, 1);
    const matchId = profile.body.recent[0].matchId;
    const match = await getJson(server, `/api/matches/${matchId}`);
    assert.equal(match.status, 200);
    assert.deepEqual(match.body.moves.map((m: any) => m.move), [0, 3, 1, 4, 2]);
    assert.equal(match.body.winner, winner.playerId);
    assert.equal(match.body.rated, true);
    rooms.forEach((r) => r.leave());
    [alice, bob].forEach((p) => p.lobby.leave());
  });

  it("a second queue replaces the first, and two tabs of one player are never paired", async () => {
    const carol = await enterLobby(server, "Carol");
    const tab2 = await enterLobby(server, "Carol", carol);
    carol.lobby.send("queue", { game: "rps" });
    await carol.queued.next();
    tab2.lobby.send("queue", { game: "rps" });
    await tab2.queued.next();
    await sleep(400);
    const counts = subscribe(carol.lobby, "counts");
    assert.equal((await counts.until(() => true)).queues.rps, 1, "one ticket per player");
    assert.equal(carol.matched.seen.length + tab2.matched.seen.length, 0);
    assert.equal(counts.latest().online >= 1, true);
    tab2.lobby.send("cancel");
    await counts.until((c) => c.queues.rps === 0);
    tab2.lobby.send("cancel");
    assert.equal((await tab2.errors.next()).code, "NOT_QUEUED");
    carol.lobby.leave();
    tab2.lobby.leave();
  });

  it("handles a client's messages in order: a cancel right behind a queue cancels it", async () => {
    const hal = await enterLobby(server, "Hal");
    const cancelled = collect(hal.lobby, "cancelled");
    for (let i = 0; i < 5; i++) {
      // Sent together: the queue's checks (presence, the store) are still waiting when the cancel arrives.
      hal.lobby.send("queue", { game: "tictactoe" });
      hal.lobby.send("cancel");
      await cancelled.next();
    }
    await sleep(300);
    assert.deepEqual(hal.errors.seen, [], "no NOT_QUEUED: every cancel found its queue");
    assert.equal((await subscribe(hal.lobby, "counts").until(() => true)).queues.tictactoe, 0, "no ticket left behind");
    hal.lobby.leave();
  });

  it("a pairing whose game room cannot be created tells both players, and leaves neither queued", async () => {
    const ivy = await enterLobby(server, "Ivy");
    const jon = await enterLobby(server, "Jon");
    // The room type goes away, as when the process that would hold the game cannot take it.
    const handler = matchMaker.getHandler("tictactoe");
    matchMaker.removeRoomType("tictactoe");
    try {
      ivy.lobby.send("queue", { game: "tictactoe" });
      await ivy.queued.next();
      jon.lobby.send("queue", { game: "tictactoe" });
      const [e1, e2] = await Promise.all([ivy.errors.next(), jon.errors.next()]);
      for (const e of [e1, e2]) {
        assert.equal(e.code, "MATCH_FAILED");
        assert.match(e.message, /could not be started; you are no longer queued/);
      }
      assert.equal((await subscribe(ivy.lobby, "counts").until(() => true)).queues.tictactoe, 0);
      ivy.lobby.send("cancel");
      assert.equal((await ivy.errors.next()).code, "NOT_QUEUED");
    } finally {
      matchMaker.defineRoomType("tictactoe", handler.klass, handler.options);
    }
    // Once games can be created again, the same two are matched.
    ivy.lobby.send("queue", { game: "tictactoe" });
    await ivy.queued.next();
    jon.lobby.send("queue", { game: "tictactoe" });
    const [m1, m2] = await Promise.all([ivy.matched.next(), jon.matched.next()]);
    const rooms = await Promise.all([ivy.client.consumeSeatReservation(m1.reservation), jon.client.consumeSeatReservation(m2.reservation)]);
    rooms.forEach((r) => r.send("resign"));
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
    rooms.forEach((r) => r.leave());
    [ivy, jon].forEach((p) => p.lobby.leave());
  });

  it("players online counts distinct players", async () => {
    const dave = await enterLobby(server, "Dave");
    const before = (await subscribe(dave.lobby, "counts").until(() => true)).online;
    const second = await enterLobby(server, "Dave", dave);
    assert.equal((await subscribe(second.lobby, "counts").until(() => true)).online, before, "a second tab is the same player");
    const erin = await enterLobby(server, "Erin");
    const counts = subscribe(dave.lobby, "counts");
    await counts.until((c) => c.online === before + 1);
    second.lobby.leave();
    erin.lobby.leave();
    await counts.until((c) => c.online === before, 3000);
    dave.lobby.leave();
  });

  it("a no-show aborts the match unrated and puts the player who showed back in the queue", async () => {
    const frank = await enterLobby(server, "Frank");
    const gina = await enterLobby(server, "Gina");
    frank.lobby.send("queue", { game: "tictactoe" });
    const first = await frank.queued.next();
    gina.lobby.send("queue", { game: "tictactoe" });
    const [mf] = await Promise.all([frank.matched.next(), gina.matched.next()]);
    const requeued = collect(frank.lobby, "requeued");
    const room = await frank.client.consumeSeatReservation(mf.reservation);
    const aborted = await waitForState(room, (s) => s.status === "aborted", 3000);
    assert.equal(aborted.reason, "no_show");
    await requeued.next((m) => m.reason === "no_show", 3000);
    const again = await frank.queued.next((m) => m.game === "tictactoe", 3000);
    assert.equal(again.since, first.since, "back at the front: the original waiting time counts");
    await subscribe(frank.lobby, "counts").until((c) => c.queues.tictactoe === 1);
    const result = server.results.find((r) => r.result.matchId === room.roomId)!;
    assert.equal(result.result.aborted, true);
    assert.equal(result.result.rated, false);
    frank.lobby.send("cancel");
    room.leave();
    [frank, gina].forEach((p) => p.lobby.leave());
  });

  it("a private game's no-show aborts it, and queues nobody: its players asked for each other, not for a stranger", async () => {
    const ivy = await enterLobby(server, "Ivy");
    const jon = await enterLobby(server, "Jon");
    const created = collect(ivy.lobby, "private:created");
    ivy.lobby.send("private:create", { game: "tictactoe" });
    const { code } = await created.next();
    jon.lobby.send("private:join", { code });
    const [mi] = await Promise.all([ivy.matched.next(), jon.matched.next()]);
    const requeued = collect(ivy.lobby, "requeued");
    const room = await ivy.client.consumeSeatReservation(mi.reservation);
    assert.equal((await waitForState(room, (s) => s.status === "aborted", 3000)).reason, "no_show");
    await sleep(300);
    assert.deepEqual(requeued.seen, [], "no requeued");
    assert.deepEqual(ivy.queued.seen, [], "no queued");
    const counts = await subscribe(ivy.lobby, "counts").until(() => true);
    assert.equal(counts.queues.tictactoe, 0, "nobody waits in the queue");
    room.leave();
    [ivy, jon].forEach((p) => p.lobby.leave());
  });

  it("vsBot plays a server bot at once, unrated", async () => {
    const hank = await enterLobby(server, "Hank");
    hank.lobby.send("queue", { game: "rps", vsBot: true });
    const m = await hank.matched.next();
    assert.equal(m.opponent.bot, true);
    const room = await hank.client.consumeSeatReservation(m.reservation);
    while (room.state.status !== "finished") {
      await waitForState(room, (s) => s.status === "playing" || s.status === "finished");
      if (room.state.status === "finished") break;
      const played = room.state.rounds.length;
      room.send("choose", { hand: "rock" });
      await waitForState(room, (s) => s.rounds.length > played || s.status === "finished");
    }
    const result = server.results.find((r) => r.result.matchId === room.roomId)!;
    assert.equal(result.result.rated, false);
    const stats = (await server.store.profile(hank.playerId))!.stats.find((s) => s.game === "rps")!;
    assert.equal(stats.games, 1, "bot games count in history");
    assert.equal(stats.rating, 1500, "but move no rating");
    room.leave();
    hank.lobby.leave();
  });

  it("private games: a code to share; unknown, expired and own codes are refused clearly", async () => {
    const ivy = await enterLobby(server, "Ivy");
    const jack = await enterLobby(server, "Jack");
    const created = collect(ivy.lobby, "private:created");
    ivy.lobby.send("private:create", { game: "tictactoe" });
    const { code } = await created.next();
    assert.match(code, /^[A-HJ-NP-Z2-9]{5}$/);

    ivy.lobby.send("private:join", { code });
    assert.equal((await ivy.errors.next()).code, "PRIVATE_OWN_GAME");
    jack.lobby.send("private:join", { code: "ZZZZZ" });
    assert.equal((await jack.errors.next()).code, "PRIVATE_NOT_FOUND");

    jack.lobby.send("private:join", { code: code.toLowerCase() });
    const [mi, mj] = await Promise.all([ivy.matched.next(), jack.matched.next()]);
    assert.equal(mi.rated, false, "private games are unrated unless created rated");
    assert.equal(mj.opponent.playerId, ivy.playerId);
    const rooms = [await ivy.client.consumeSeatReservation(mi.reservation), await jack.client.consumeSeatReservation(mj.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    assert.equal(rooms[0].state.rated, false);
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    const result = server.results.find((r) => r.result.matchId === rooms[0].roomId)!;
    assert.equal(result.result.rated, false);

    ivy.lobby.send("private:create", { game: "rps", rated: true });
    const second = await created.next();
    assert.equal(second.rated, true);
    await sleep(500);
    jack.lobby.send("private:join", { code: second.code });
    assert.equal((await jack.errors.next()).code, "PRIVATE_EXPIRED");
    rooms.forEach((r) => r.leave());
    [ivy, jack].forEach((p) => p.lobby.leave());
  });

  it("a rated private game is rated", async () => {
    const kim = await enterLobby(server, "Kim");
    const lee = await enterLobby(server, "Lee");
    const created = collect(kim.lobby, "private:created");
    kim.lobby.send("private:create", { game: "rps", rated: true });
    const { code } = await created.next();
    lee.lobby.send("private:join", { code });
    const [mk, ml] = await Promise.all([kim.matched.next(), lee.matched.next()]);
    assert.equal(mk.rated, true);
    const rooms = [await kim.client.consumeSeatReservation(mk.reservation), await lee.client.consumeSeatReservation(ml.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    rooms[1].send("resign");
    await waitForState(rooms[0], (s) => s.status === "finished");
    const result = server.results.find((r) => r.result.matchId === rooms[0].roomId)!;
    assert.equal(result.result.rated, true);
    assert.notEqual(result.outcome.ratingChanges[kim.playerId].after, 1500);
    rooms.forEach((r) => r.leave());
    [kim, lee].forEach((p) => p.lobby.leave());
  });

  it("a spectator finds a live game in the lobby, watches it and cannot act", async () => {
    const [a, b, watcher] = [await enterLobby(server, "Mia"), await enterLobby(server, "Ned"), await enterLobby(server, "Oli")];
    a.lobby.send("queue", { game: "rps" });
    await a.queued.next();
    b.lobby.send("queue", { game: "rps" });
    const [ma, mb] = await Promise.all([a.matched.next(), b.matched.next()]);
    const rooms = [await a.client.consumeSeatReservation(ma.reservation), await b.client.consumeSeatReservation(mb.reservation)];
    const live = subscribe(watcher.lobby, "live");
    const shown = await live.until((l) => l.games.some((g: any) => g.roomId === rooms[0].roomId), 3000);
    const listed = shown.games.find((g: any) => g.roomId === rooms[0].roomId);
    const view = await watcher.client.joinById(listed.roomId, { spectate: true });
    await live.until((l) => l.games.find((g: any) => g.roomId === listed.roomId)?.spectators === 1, 3000);
    const errors = collect(view, "error");
    view.send("choose", { hand: "rock" });
    assert.equal((await errors.next()).code, "NOT_A_PLAYER");
    rooms[0].send("resign");
    await waitForState(view, (s) => s.status === "finished");
    await live.until((l) => !l.games.some((g: any) => g.roomId === listed.roomId), 3000);
    [...rooms, view].forEach((r) => r.leave());
    [a, b, watcher].forEach((p) => p.lobby.leave());
  });

  it("players who abandon games get a growing queue cooldown, and the error says how long", async () => {
    const quitter = await enterLobby(server, "Quitter");
    for (let i = 0; i < 2; i++) {
      const other = await signUp(server, `Patient${i}`);
      const match = await server.createMatch(
        "tictactoe",
        [{ playerId: quitter.playerId, name: quitter.name, rating: 1500 }, { playerId: other.playerId, name: other.name, rating: 1500 }],
        { rated: true, graceMs: 100 },
      );
      const mine = await quitter.client.consumeSeatReservation(match.reservations[quitter.playerId] as any);
      const theirs = await other.client.consumeSeatReservation(match.reservations[other.playerId] as any);
      await waitForState(theirs, (s) => s.status === "playing");
      (mine.connection as any).transport.ws.close();
      const final = await waitForState(theirs, (s) => s.status === "finished", 3000);
      assert.equal(final.reason, "abandoned");
      theirs.leave();
    }
    quitter.lobby.send("queue", { game: "tictactoe" });
    const error = await quitter.errors.next();
    assert.equal(error.code, "QUEUE_COOLDOWN");
    assert.match(error.message, /queue again in 2 min/);
    quitter.lobby.leave();
  });

  it("refuses a queue while the player still has a game running", async () => {
    const uma = await enterLobby(server, "Uma");
    const vic = await signUp(server, "Vic");
    const match = await server.createMatch("rps", [{ playerId: uma.playerId, name: uma.name, rating: 1500 }, { playerId: vic.playerId, name: vic.name, rating: 1500 }], { rated: true });
    const rooms = [
      await uma.client.consumeSeatReservation(match.reservations[uma.playerId] as any),
      await vic.client.consumeSeatReservation(match.reservations[vic.playerId] as any),
    ];
    await waitForState(rooms[0], (s) => s.status === "playing");
    uma.lobby.send("queue", { game: "tictactoe" });
    const error = await uma.errors.next();
    assert.equal(error.code, "ALREADY_IN_GAME");
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    await sleep(50);
    uma.lobby.send("queue", { game: "tictactoe" });
    assert.equal((await uma.queued.next()).position, 1);
    uma.lobby.send("cancel");
    rooms.forEach((r) => r.leave());
    uma.lobby.leave();
  });

  it("there is one lobby: a client cannot create another", async () => {
    const wes = await signUp(server, "Wes");
    await assert.rejects(wes.client.create("lobby"), (e: any) => /one lobby/.test(e.message));
  });

  it("refuses the lobby without a valid token", async () => {
    await assert.rejects(new Client(server.wsUrl).joinOrCreate("lobby"), (e: any) => /AUTH_REQUIRED/.test(e.message));
    const forged = new Client(server.wsUrl);
    forged.auth.token = "x".repeat(43);
    await assert.rejects(forged.joinOrCreate("lobby"), (e: any) => /AUTH_INVALID/.test(e.message));
  });

  it("answers bad lobby messages with an error", async () => {
    const p = await enterLobby(server, "Pat");
    const cases: [string, unknown, string][] = [
      ["queue", { game: "chess" }, "UNKNOWN_GAME"],
      ["queue", { game: "RPS", vsBot: true }, "UNKNOWN_GAME"],
      ["private:create", { game: "chess", rated: true }, "UNKNOWN_GAME"],
      ["private:create", { game: "" }, "UNKNOWN_GAME"],
      ["queue", { game: "chess", colour: "white" }, "BAD_MESSAGE"],
      ["queue", { game: ["rps"] }, "BAD_MESSAGE"],
      ["queue", undefined, "BAD_MESSAGE"],
      ["queue", { game: "rps", vsBot: "yes" }, "BAD_MESSAGE"],
      ["private:create", { game: 7 }, "BAD_MESSAGE"],
      ["private:join", { code: "" }, "OUT_OF_RANGE"],
      ["private:join", { code: "A".repeat(100) }, "OUT_OF_RANGE"],
      ["warp", {}, "UNKNOWN_TYPE"],
      ["subscribe", undefined, "BAD_MESSAGE"],
      ["subscribe", { topic: "gossip" }, "BAD_MESSAGE"],
      ["subscribe", { topic: "live", every: 10 }, "BAD_MESSAGE"],
      ["unsubscribe", { topic: 1 }, "BAD_MESSAGE"],
    ];
    for (const [type, payload, code] of cases) {
      p.lobby.send(type, payload as never);
      const error = await p.errors.next();
      assert.equal(error.code, code, `${type} ${JSON.stringify(payload)}: ${error.message}`);
      if (code === "UNKNOWN_GAME") assert.match(error.message, /the games are tictactoe, rps/);
      if (type === "subscribe" && (payload as { topic?: string })?.topic === "gossip") assert.match(error.message, /^topic: .*'counts' \| 'live'/);
    }
    assert.equal((await subscribe(p.lobby, "counts").until(() => true)).queues.rps, 0);
    p.lobby.leave();
  });

  it("after all the games above, every player's stats equal what their recorded matches add up to", async () => {
    assert.ok(server.results.length >= 8);
    const check = await server.store.checkStatsInvariant();
    assert.deepEqual(check.problems, []);
    const ids = server.results.map((r) => r.result.matchId);
    assert.equal(new Set(ids).size, ids.length, "the sink saw each match once");
  });

  it("rejects bad names and bad parameters with a 400 and a clear message", async () => {
    for (const name of ["", "   ", "x".repeat(21), "<script>", "a;b", 42, null]) {
      const res = await fetch(`${server.url}/api/guest`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      assert.equal(res.status, 400, `name ${JSON.stringify(name)}`);
      const body = (await res.json()) as any;
      assert.equal(body.code, "BAD_REQUEST");
      assert.ok(body.message.length > 5);
    }
    const malformed = await fetch(`${server.url}/api/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    assert.equal(malformed.status, 400);
    for (const path of [
      "/api/leaderboard",
      "/api/leaderboard?game=chess",
      "/api/leaderboard?game=rps&limit=0",
      "/api/leaderboard?game=rps&limit=abc",
      "/api/leaderboard?game=rps&offset=-1",
      "/api/leaderboard/around/someone",
    ]) {
      const { status, body } = await getJson(server, path);
      assert.equal(status, 400, path);
      assert.ok(body.message, path);
    }
    assert.equal((await getJson(server, "/api/players/nobody")).status, 404);
    assert.equal((await getJson(server, "/api/matches/nothing")).status, 404);
    assert.equal((await getJson(server, "/api/me")).status, 401);
    assert.equal((await getJson(server, "/api/me", "bogus")).status, 401);
    const trimmed = await signUp(server, "  Émile  Zola ");
    assert.equal(trimmed.name, "Émile  Zola");
  });
});

describe("private codes: busy creators, guessing, randomness", function () {
  this.timeout(30_000);
  let server: TestServer;
  // The server's clock, moved forward by the tests to pass the failed-join window.
  let offset = 0;
  const clock = { now: () => Date.now() + offset, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };

  before(async () => {
    // The server's general random source is constant, so anything drawn from it would always be the same.
    server = await startTestServer(
      { privateJoinFailuresPerMinute: 3, privateJoinFailuresPerMinutePerIp: 0 },
      { clock, random: () => 0 },
    );
  });
  after(() => server?.close());

  async function createCode(p: Lobbyist, game: "tictactoe" | "rps" = "tictactoe"): Promise<string> {
    const created = collect(p.lobby, "private:created");
    p.lobby.send("private:create", { game });
    return (await created.next()).code;
  }

  it("a friend joining the code of a creator who is playing a bot is told so, and the code stays open", async () => {
    const ivy = await enterLobby(server, "Ivy Busy");
    const jack = await enterLobby(server, "Jack Friend");
    const code = await createCode(ivy);
    ivy.lobby.send("queue", { game: "rps", vsBot: true });
    const m = await ivy.matched.next();
    const botGame = await ivy.client.consumeSeatReservation(m.reservation);
    await waitForState(botGame, (s) => s.status === "playing");

    jack.lobby.send("private:join", { code });
    const error = await jack.errors.next();
    assert.equal(error.code, "PRIVATE_CREATOR_BUSY");
    assert.match(error.message, /Ivy Busy is playing another game right now; the code stays open/);
    await sleep(300);
    assert.equal(ivy.matched.seen.length + jack.matched.seen.length, 0, "nobody was booked");

    botGame.send("resign");
    await waitForState(botGame, (s) => s.status === "finished");
    await sleep(50);
    jack.lobby.send("private:join", { code });
    const [mi, mj] = await Promise.all([ivy.matched.next(), jack.matched.next()]);
    assert.equal(mj.opponent.playerId, ivy.playerId);
    const rooms = [await ivy.client.consumeSeatReservation(mi.reservation), await jack.client.consumeSeatReservation(mj.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    [botGame, ...rooms].forEach((r) => r.leave());
    [ivy, jack].forEach((p) => p.lobby.leave());
  });

  it("a creator who queued meanwhile leaves the queue when a friend takes the code", async () => {
    const kim = await enterLobby(server, "Kim Queued");
    const lee = await enterLobby(server, "Lee Friend");
    const code = await createCode(kim, "rps");
    kim.lobby.send("queue", { game: "tictactoe" });
    await kim.queued.next();
    const leeCounts = subscribe(lee.lobby, "counts");
    await leeCounts.until((c) => c.queues.tictactoe === 1);
    lee.lobby.send("private:join", { code });
    const [mk, ml] = await Promise.all([kim.matched.next(), lee.matched.next()]);
    assert.equal(mk.game, "rps");
    await leeCounts.until((c) => c.queues.tictactoe === 0);
    kim.lobby.send("cancel");
    assert.equal((await kim.errors.next()).code, "NOT_QUEUED", "no ticket left to book Kim a second game");
    const rooms = [await kim.client.consumeSeatReservation(mk.reservation), await lee.client.consumeSeatReservation(ml.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    rooms.forEach((r) => r.leave());
    [kim, lee].forEach((p) => p.lobby.leave());
  });

  it("after PRIVATE_JOIN_FAILURES_PER_MINUTE wrong codes a player is refused, even a right code, until the minute has passed", async () => {
    const ann = await enterLobby(server, "Ann Host");
    const bob = await enterLobby(server, "Bob Guesser");
    const cat = await enterLobby(server, "Cat Other");
    const code = await createCode(ann);
    const wrong = code === "ZZZZZ" ? "YYYYY" : "ZZZZZ";
    for (let i = 0; i < 3; i++) {
      bob.lobby.send("private:join", { code: wrong });
      assert.equal((await bob.errors.next()).code, "PRIVATE_NOT_FOUND");
    }
    bob.lobby.send("private:join", { code });
    const refused = await bob.errors.next();
    assert.equal(refused.code, "PRIVATE_JOIN_LIMITED");
    assert.match(refused.message, /Too many codes from you opened no game; try a code again in (59|60) s/);
    offset += 30_000;
    bob.lobby.send("private:join", { code: wrong });
    assert.equal((await bob.errors.next()).code, "PRIVATE_JOIN_LIMITED", "still refused; refusals do not count as failures");
    assert.equal(ann.matched.seen.length + bob.matched.seen.length, 0);

    cat.lobby.send("private:join", { code: wrong });
    assert.equal((await cat.errors.next()).code, "PRIVATE_NOT_FOUND", "the limit is Bob's, not everyone's");

    offset += 30_000;
    bob.lobby.send("private:join", { code });
    const [ma, mb] = await Promise.all([ann.matched.next(), bob.matched.next()]);
    assert.equal(mb.opponent.playerId, ann.playerId, "the code was never spent by the refused attempts");
    const rooms = [await ann.client.consumeSeatReservation(ma.reservation), await bob.client.consumeSeatReservation(mb.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    rooms.forEach((r) => r.leave());
    [ann, bob, cat].forEach((p) => p.lobby.leave());
  });

  it("codes do not come from the server's general random source", async () => {
    const dan = await enterLobby(server, "Dan Codes");
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await createCode(dan));
    for (const code of codes) assert.match(code, /^[A-HJ-NP-Z2-9]{5}$/);
    assert.notDeepEqual(codes, [codes[0], codes[0], codes[0]], `three codes in a row: ${codes.join(", ")}`);
    dan.lobby.leave();
  });
});

describe("bot fill", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ botFillMs: 300 });
  });
  after(() => server?.close());

  it("a player who waits BOT_FILL_SECONDS alone is paired with a bot", async () => {
    const solo = await enterLobby(server, "Solo");
    solo.lobby.send("queue", { game: "tictactoe" });
    const m = await solo.matched.next(() => true, 3000);
    assert.equal(m.opponent.bot, true);
    solo.lobby.leave();
  });
});

describe("restart", () => {
  it("stats and tokens survive a restart on the same file", async () => {
    let server = await startTestServer();
    const dataDir = server.dataDir;
    const a = await enterLobby(server, "Rita");
    const b = await enterLobby(server, "Sam");
    a.lobby.send("queue", { game: "tictactoe" });
    await a.queued.next();
    b.lobby.send("queue", { game: "tictactoe" });
    const [ma, mb] = await Promise.all([a.matched.next(), b.matched.next()]);
    const rooms = [await a.client.consumeSeatReservation(ma.reservation), await b.client.consumeSeatReservation(mb.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    const before = (await getJson(server, "/api/leaderboard?game=tictactoe")).body.rows;
    await server.close();

    server = await startTestServer({ dataDir });
    try {
      const me = await getJson(server, "/api/me", a.token);
      assert.equal(me.status, 200);
      assert.deepEqual(me.body, { playerId: a.playerId, name: "Rita", bannedAt: null, chatMutedUntil: null });
      const after = (await getJson(server, "/api/leaderboard?game=tictactoe")).body.rows;
      assert.deepEqual(after, before);
      const client = new Client(server.wsUrl);
      client.auth.token = b.token;
      const lobby = await client.joinOrCreate("lobby");
      lobby.leave();
    } finally {
      await server.close();
    }
  });
});

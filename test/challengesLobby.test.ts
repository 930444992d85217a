import assert from "node:assert/strict";
import { Client, type Room } from "colyseus.js";
import type { ChallengeView } from "../protocol/challenges";
import { apiCall as api, collect, signUp, sleep, startTestServer, subscribe, waitForState, type Collector, type TestGuest, type TestServer } from "./support/harness";
import { testDatabaseUrl } from "./support/postgres";

const MIN = 60_000;

/** One lobby connection, with everything it may hear kept. */
interface Tab {
  client: Client;
  lobby: Room;
  sent: Collector;
  received: Collector;
  list: Collector;
  accepted: Collector;
  declined: Collector;
  cancelled: Collector;
  expired: Collector;
  matched: Collector;
  queued: Collector;
  errors: Collector;
}

type Lobbyist = TestGuest & Tab;

async function openTab(server: TestServer, guest: TestGuest, client?: Client): Promise<Tab> {
  if (!client) {
    client = new Client(server.wsUrl);
    client.auth.token = guest.token;
  }
  const lobby = await client.joinOrCreate("lobby");
  const on = (type: string) => collect(lobby, type);
  return {
    client, lobby,
    sent: on("challenge:sent"), received: on("challenge:received"), list: on("challenge:list"), accepted: on("challenge:accepted"),
    declined: on("challenge:declined"), cancelled: on("challenge:cancelled"), expired: on("challenge:expired"),
    matched: on("matched"), queued: on("queued"), errors: on("error"),
  };
}

async function enter(server: TestServer, name: string): Promise<Lobbyist> {
  const guest = await signUp(server, name);
  return { ...guest, ...(await openTab(server, guest, guest.client)) };
}

/** Sends a challenge and returns it as the challenger's `challenge:sent` carries it. */
async function challenge(from: Tab, to: TestGuest, game = "tictactoe", rated?: boolean): Promise<ChallengeView> {
  from.lobby.send("challenge:send", { to: to.playerId, game, ...(rated === undefined ? {} : { rated }) });
  return new Promise((resolve, reject) => {
    const stop = from.lobby.onMessage("error", (e: { code: string; message: string }) => {
      stop();
      reject(new Error(`refused: ${e.code}: ${e.message}`));
    });
    from.sent.next().then((m) => {
      stop();
      resolve(m.challenge);
    }, reject);
  });
}

/** Sends a message and resolves with the `error` it is answered with. */
async function refused(tab: Tab, type: string, payload: unknown): Promise<{ code: string; message: string }> {
  tab.lobby.send(type, payload as never);
  return tab.errors.next();
}


/** Nothing of these types reached the tab within a moment. */
async function heardNothing(tab: Tab, ...kinds: (keyof Tab)[]) {
  await sleep(200);
  for (const kind of kinds) assert.deepEqual((tab[kind] as Collector).seen, [], `nothing on ${kind}`);
}

/** Plays tic-tac-toe with the first mover taking the top row. */
async function playTopRowWin(rooms: Room[]) {
  const bySeat = [0, 1].map((seat) => rooms.find((r) => r.state.players.get(r.sessionId).seat === seat)!);
  for (const [seat, cell] of [[0, 0], [1, 3], [0, 1], [1, 4], [0, 2]] as const) {
    bySeat[seat].send("move", { cell });
    await waitForState(rooms[0], (s) => s.board[cell] !== "");
  }
  await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
}

async function takeSeats(a: Lobbyist, ma: any, b: Lobbyist, mb: any): Promise<Room[]> {
  const rooms = [await a.client.consumeSeatReservation(ma.reservation), await b.client.consumeSeatReservation(mb.reservation)];
  await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
  return rooms;
}

async function botGame(p: Lobbyist): Promise<Room> {
  p.lobby.send("queue", { game: "rps", vsBot: true });
  const room = await p.client.consumeSeatReservation((await p.matched.next()).reservation);
  await waitForState(room, (s) => s.status === "playing");
  return room;
}

describe("challenges in the lobby", function () {
  this.timeout(30_000);
  let server: TestServer;
  // The server's clock, moved forward by the tests to pass backoffs and lifetimes.
  let offset = 0;
  const now = () => Date.now() + offset;
  const clock = { now, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };

  before(async () => {
    server = await startTestServer({ noShowMs: 2000 }, { clock });
  });
  after(() => server?.close());

  it("a challenge reaches every lobby tab of its target at once, and its link answers GET /api/challenges/:id", async () => {
    const ann = await enter(server, "Ann Sender");
    const bob = await enter(server, "Bob Target");
    const bob2 = await openTab(server, bob);
    const annAgain = await openTab(server, ann);
    const before = now();
    const sent = await challenge(ann, bob, "connectfour", true);
    assert.deepEqual(Object.keys(sent).sort(), ["createdAt", "expiresAt", "from", "game", "id", "rated", "to"]);
    assert.deepEqual([sent.game, sent.rated, sent.from, sent.to], ["connectfour", true, { playerId: ann.playerId, name: "Ann Sender", rating: 1500 }, { playerId: bob.playerId, name: "Bob Target" }]);
    assert.match(sent.id, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(sent.createdAt >= before && sent.createdAt <= now());
    assert.equal(sent.expiresAt, sent.createdAt + 10 * MIN, "CHALLENGE_MS defaults to 10 minutes");
    const [r1, r2] = await Promise.all([bob.received.next(), bob2.received.next()]);
    assert.deepEqual(r1.challenge, sent);
    assert.deepEqual(r2.challenge, sent);
    assert.deepEqual((await annAgain.sent.next()).challenge, sent, "the challenger's other tab shows it too");

    const link = await api(server, "GET", `/challenges/${sent.id}`);
    assert.deepEqual(link, { status: 200, body: sent });
    const unknown = await api(server, "GET", "/challenges/AAAAAAAAAAAAAAAAAAAAAA");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, "NOT_FOUND");
    assert.equal((await api(server, "GET", `/challenges/${"x".repeat(65)}`)).body.code, "BAD_REQUEST");

    ann.lobby.send("challenge:cancel", { id: sent.id });
    const [c1, c2, c3] = await Promise.all([bob.cancelled.next(), bob2.cancelled.next(), ann.cancelled.next()]);
    for (const c of [c1, c2, c3]) assert.deepEqual(c, { id: sent.id, reason: "cancelled" });
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 404, "a cancelled challenge's link opens nothing");
    assert.equal((await refused(bob, "challenge:accept", { id: sent.id })).code, "CHALLENGE_NOT_FOUND");
    await Promise.all([ann, annAgain, bob, bob2].map((t) => t.lobby.leave()));
  });

  it("a target who was offline gets their challenges in challenge:list on joining; so does a new tab of the challenger; and on request", async () => {
    const cy = await enter(server, "Cy Early");
    const dee = await signUp(server, "Dee Away");
    const eve = await signUp(server, "Eve Away");
    const toDee = await challenge(cy, dee, "rps");
    const toEve = await challenge(cy, eve);
    const deeTab = await openTab(server, dee, dee.client);
    assert.deepEqual(await deeTab.list.next(), { received: [toDee], sent: [] });
    const cyTab = await openTab(server, cy);
    assert.deepEqual(await cyTab.list.next(), { received: [], sent: [toDee, toEve] }, "oldest first");
    cy.lobby.send("challenge:list");
    assert.deepEqual(await cy.list.next(), { received: [], sent: [toDee, toEve] });
    deeTab.lobby.send("challenge:list", {});
    assert.deepEqual(await deeTab.list.next(), { received: [toDee], sent: [] });
    const fay = await enter(server, "Fay Nobody");
    fay.lobby.send("challenge:list");
    assert.deepEqual(await fay.list.next(), { received: [], sent: [] });
    await heardNothing(fay, "received", "sent");
    await Promise.all([cy, cyTab, deeTab, fay].map((t) => t.lobby.leave()));
  });

  it("accept: both leave their queues and are matched into one listed game, rated as chosen, and play it", async () => {
    const gus = await enter(server, "Gus Challenger");
    const hal = await enter(server, "Hal Accepter");
    const halPhone = await openTab(server, hal);
    const watcher = await enter(server, "Wendy Watcher");
    const live = subscribe(watcher.lobby, "live");
    gus.lobby.send("queue", { game: "rps" });
    await gus.queued.next();
    hal.lobby.send("queue", { game: "connectfour" });
    await hal.queued.next();

    const sent = await challenge(gus, hal, "tictactoe", true);
    await hal.received.next();
    hal.lobby.send("challenge:accept", { id: sent.id });
    const [mg, mh] = await Promise.all([gus.matched.next(), hal.matched.next()]);
    assert.deepEqual(await gus.accepted.next(), { id: sent.id });
    assert.deepEqual(await halPhone.accepted.next(), { id: sent.id }, "the target's other tab hears it was accepted");
    assert.equal(mg.reservation.room.roomId, mh.reservation.room.roomId, "one game room");
    assert.deepEqual([mg.game, mg.rated, mg.botFill], ["tictactoe", true, false]);
    assert.deepEqual(mg.opponent, { playerId: hal.playerId, name: "Hal Accepter", rating: 1500 });
    assert.deepEqual(mh.opponent, { playerId: gus.playerId, name: "Gus Challenger", rating: 1500 });
    await heardNothing(halPhone, "matched");

    const rooms = await takeSeats(gus, mg, hal, mh);
    const listed = await live.until((l) => l.games.some((g: any) => g.roomId === rooms[0].roomId));
    assert.equal(listed.games.find((g: any) => g.roomId === rooms[0].roomId).rated, true, "on the Watch list like a queue game");
    await playTopRowWin(rooms);
    const last = server.results.at(-1)!.result;
    assert.deepEqual([last.game, last.rated, last.reason], ["tictactoe", true, "line"]);
    assert.deepEqual(last.players.map((p) => p.playerId).sort(), [gus.playerId, hal.playerId].sort());

    for (const p of [gus, hal]) assert.equal((await refused(p, "cancel", undefined)).code, "NOT_QUEUED", "no ticket left to book a second game");
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 404);
    assert.equal((await refused(hal, "challenge:accept", { id: sent.id })).code, "CHALLENGE_NOT_FOUND", "accepted once");
    rooms.forEach((r) => r.leave());
    await Promise.all([gus, hal, halPhone, watcher].map((t) => t.lobby.leave()));
  });

  it("an unrated challenge makes an unrated game", async () => {
    const ida = await enter(server, "Ida Casual");
    const jon = await enter(server, "Jon Casual");
    const sent = await challenge(ida, jon, "rps");
    assert.equal(sent.rated, false, "rated defaults to false");
    jon.lobby.send("challenge:accept", { id: sent.id });
    const [mi, mj] = await Promise.all([ida.matched.next(), jon.matched.next()]);
    assert.equal(mi.rated, false);
    const rooms = await takeSeats(ida, mi, jon, mj);
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    assert.equal(server.results.at(-1)!.result.rated, false);
    rooms.forEach((r) => r.leave());
    await Promise.all([ida, jon].map((t) => t.lobby.leave()));
  });

  it("decline: the challenger hears it with the reason; challenging that player again backs off 1 min, then 2, and the message says how long", async () => {
    const kai = await enter(server, "Kai Keen");
    const lou = await enter(server, "Lou Busy");
    const first = await challenge(kai, lou);
    lou.lobby.send("challenge:decline", { id: first.id, reason: "later" });
    assert.deepEqual(await kai.declined.next(), { id: first.id, reason: "later" });
    assert.deepEqual(await lou.declined.next(), { id: first.id, reason: "later" }, "the target's tabs hear it too");

    const backoff = await refused(kai, "challenge:send", { to: lou.playerId, game: "tictactoe" });
    assert.equal(backoff.code, "CHALLENGE_BACKOFF");
    assert.equal(backoff.message, "Lou Busy declined your challenge; you can challenge them again in 1 min.");
    const back = await challenge(lou, kai);
    kai.lobby.send("challenge:cancel", { id: back.id });
    assert.equal((await kai.errors.next()).code, "CHALLENGE_NOT_FOUND", "only its challenger cancels");
    lou.lobby.send("challenge:cancel", { id: back.id });
    await kai.cancelled.next();

    offset += 30_000;
    assert.match((await refused(kai, "challenge:send", { to: lou.playerId, game: "tictactoe" })).message, /again in 30 s\.$/);
    offset += 31_000;
    const second = await challenge(kai, lou);
    lou.lobby.send("challenge:decline", { id: second.id });
    assert.deepEqual(await kai.declined.next(), { id: second.id, reason: "generic" }, "the reason defaults to generic");
    const longer = await refused(kai, "challenge:send", { to: lou.playerId, game: "rps" });
    assert.equal(longer.code, "CHALLENGE_BACKOFF");
    assert.match(longer.message, /again in 2 min\.$/);
    offset += 2 * MIN + 1000;
    const third = await challenge(kai, lou, "rps");
    // A cancel is no decline: it sets no backoff.
    kai.lobby.send("challenge:cancel", { id: third.id });
    await lou.cancelled.next((c) => c.id === third.id);
    await challenge(kai, lou, "rps");
    await Promise.all([kai, lou].map((t) => t.lobby.leave()));
  });

  it("a challenge closes when the challenger's last lobby connection closes, not before", async () => {
    const max = await enter(server, "Max Leaving");
    const maxTab = await openTab(server, max);
    const ned = await enter(server, "Ned Waiting");
    const sent = await challenge(max, ned);
    await ned.received.next();
    await max.lobby.leave();
    await heardNothing(ned, "cancelled");
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 200, "another tab of the challenger is still there");
    await maxTab.lobby.leave();
    assert.deepEqual(await ned.cancelled.next(), { id: sent.id, reason: "offline" });
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 404);
    assert.equal((await refused(ned, "challenge:accept", { id: sent.id })).code, "CHALLENGE_NOT_FOUND");
    await ned.lobby.leave();
  });

  it("the challenge's own tab gone, the challenger's other tab gets matched", async () => {
    const oli = await enter(server, "Oli Two Tabs");
    const oliTab = await openTab(server, oli);
    const pam = await enter(server, "Pam Accepts");
    const sent = await challenge(oli, pam);
    await oli.lobby.leave();
    pam.lobby.send("challenge:accept", { id: sent.id });
    const [mo, mp] = await Promise.all([oliTab.matched.next(), pam.matched.next()]);
    const rooms = [await oliTab.client.consumeSeatReservation(mo.reservation), await pam.client.consumeSeatReservation(mp.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    rooms.forEach((r) => r.leave());
    await Promise.all([oliTab, pam].map((t) => t.lobby.leave()));
  });

  it("refuses each bad challenge with its code and sends the target nothing", async () => {
    const quin = await enter(server, "Quin Refused");
    const rex = await enter(server, "Rex Target");
    const banned = await enter(server, "Sid Banned");
    const shy = await enter(server, "Tia Shy");
    await server.store.moderate(banned.playerId, { kind: "ban" }, now());
    await server.store.setPreferences(shy.playerId, { challenges: "nobody" });
    await server.store.ensureBot("bot", "Parlor Bot");
    const send = (to: string, extra: object = {}) => refused(quin, "challenge:send", { to, game: "tictactoe", ...extra });

    assert.deepEqual(await send("no-such-player"), { code: "PLAYER_NOT_FOUND", message: "There is no player with that id." });
    assert.deepEqual(await send(banned.playerId), { code: "PLAYER_NOT_FOUND", message: "There is no player with that id." }, "a banned player is not found");
    assert.equal((await send(quin.playerId)).code, "CHALLENGE_SELF");
    assert.equal((await send("bot")).code, "CHALLENGE_BOT");
    assert.deepEqual(await send(shy.playerId), { code: "CHALLENGES_OFF", message: "Tia Shy does not take challenges." });
    assert.equal((await send(rex.playerId, { game: "chess" })).code, "UNKNOWN_GAME");
    assert.equal((await send(rex.playerId, { rated: "yes" })).code, "BAD_MESSAGE");
    assert.equal((await send(rex.playerId, { extra: 1 })).code, "BAD_MESSAGE");
    assert.equal((await send("")).code, "OUT_OF_RANGE");
    assert.equal((await send("x".repeat(65))).code, "OUT_OF_RANGE");
    assert.equal((await refused(quin, "challenge:send", "nonsense")).code, "BAD_MESSAGE");
    assert.equal((await refused(quin, "challenge:accept", { id: 7 })).code, "BAD_MESSAGE");
    assert.equal((await refused(quin, "challenge:accept", {})).code, "BAD_MESSAGE");
    assert.equal((await refused(quin, "challenge:cancel", undefined)).code, "BAD_MESSAGE");
    assert.equal((await refused(quin, "challenge:list", { all: true })).code, "BAD_MESSAGE");
    await heardNothing(rex, "received");
    await heardNothing(banned, "received");
    await heardNothing(shy, "received");

    const sent = await challenge(quin, rex);
    await rex.received.next();
    assert.match((await send(rex.playerId)).message, /^You have already challenged Rex Target/);
    const back = await refused(rex, "challenge:send", { to: quin.playerId, game: "rps" });
    assert.deepEqual(back, { code: "CHALLENGE_EXISTS", message: "Quin Refused has already challenged you; accept or decline that challenge." });
    assert.equal((await refused(rex, "challenge:decline", { id: sent.id, reason: "go away" })).code, "BAD_MESSAGE", "reasons are from the list");

    assert.equal((await refused(rex, "challenge:accept", { id: "AAAAAAAAAAAAAAAAAAAAAA" })).code, "CHALLENGE_NOT_FOUND");
    assert.equal((await refused(quin, "challenge:accept", { id: sent.id })).code, "CHALLENGE_NOT_FOUND", "a challenger cannot accept their own");
    assert.equal((await refused(quin, "challenge:decline", { id: sent.id })).code, "CHALLENGE_NOT_FOUND");
    for (const type of ["challenge:accept", "challenge:decline", "challenge:cancel"]) {
      assert.equal((await refused(shy, type, { id: sent.id })).code, "CHALLENGE_NOT_FOUND", `${type} by someone the challenge is not addressed to`);
    }
    await heardNothing(quin, "matched", "declined", "cancelled");
    await heardNothing(rex, "matched", "declined", "cancelled");
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 200, "nothing changed");
    await Promise.all([quin, rex, banned, shy].map((t) => t.lobby.leave()));
  });

  it("at most CHALLENGES_OPEN_MAX (3) open challenges sent at once; an answer frees a place", async () => {
    const uli = await enter(server, "Uli Many");
    const targets = await Promise.all(["Vi", "Wyn", "Xan", "Yas"].map((n) => enter(server, `${n} Many`)));
    const open = [];
    for (const t of targets.slice(0, 3)) open.push(await challenge(uli, t));
    const over = await refused(uli, "challenge:send", { to: targets[3].playerId, game: "rps" });
    assert.equal(over.code, "CHALLENGE_LIMIT");
    assert.match(over.message, /You have 3 open challenges, the most at once/);
    await heardNothing(targets[3], "received");
    // Being challenged is no limit: Yas may challenge Uli.
    const toUli = await challenge(targets[3], uli);
    targets[0].lobby.send("challenge:decline", { id: open[0].id });
    await uli.declined.next();
    uli.lobby.send("challenge:decline", { id: toUli.id });
    await targets[3].declined.next();
    await challenge(uli, targets[3], "rps");
    await Promise.all([uli, ...targets].map((t) => t.lobby.leave()));
  });

  it("the accepter is checked as for a queue: ALREADY_IN_GAME while seated, QUEUE_COOLDOWN after abandons", async () => {
    const zed = await enter(server, "Zed Challenger");
    const amy = await enter(server, "Amy Playing");
    const sent = await challenge(zed, amy);
    const room = await botGame(amy);
    const inGame = await refused(amy, "challenge:accept", { id: sent.id });
    assert.equal(inGame.code, "ALREADY_IN_GAME");
    room.send("resign");
    await waitForState(room, (s) => s.status === "finished");
    room.leave();

    const quitter = await enter(server, "Ben Quitter");
    const toBen = await challenge(zed, quitter);
    for (let i = 0; i < 2; i++) {
      const at = now() - 1000 - i;
      await server.store.recordResult({
        matchId: `abandon-${quitter.playerId}-${i}`, game: "tictactoe", rated: false, reason: "abandoned", winner: amy.playerId,
        players: [{ playerId: quitter.playerId, name: quitter.name }, { playerId: amy.playerId, name: amy.name }],
        moves: [], startedAt: at - 1000, endedAt: at,
      });
    }
    const cooldown = await refused(quitter, "challenge:accept", { id: toBen.id });
    assert.equal(cooldown.code, "QUEUE_COOLDOWN");
    assert.match(cooldown.message, /queue again in 2 min/);
    await heardNothing(zed, "matched", "accepted");
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 200, "refused accepts leave the challenges open");
    assert.equal((await api(server, "GET", `/challenges/${toBen.id}`)).status, 200);
    await Promise.all([zed, amy, quitter].map((t) => t.lobby.leave()));
  });

  it("CHALLENGER_BUSY while the challenger is seated in a game; the challenge stays open and is accepted once that game ends", async () => {
    const cal = await enter(server, "Cal Busy");
    const dot = await enter(server, "Dot Patient");
    const sent = await challenge(cal, dot, "rps");
    const room = await botGame(cal);
    const busy = await refused(dot, "challenge:accept", { id: sent.id });
    assert.deepEqual(busy, { code: "CHALLENGER_BUSY", message: "Cal Busy is playing another game right now; the challenge stays open, so accept it again when that game ends." });
    await heardNothing(cal, "accepted");
    room.send("resign");
    await waitForState(room, (s) => s.status === "finished");
    room.leave();
    await sleep(50);
    dot.lobby.send("challenge:accept", { id: sent.id });
    const [mc, md] = await Promise.all([cal.matched.next(), dot.matched.next()]);
    assert.equal(mc.game, "rps");
    const rooms = await takeSeats(cal, mc, dot, md);
    rooms[1].send("resign");
    await waitForState(rooms[0], (s) => s.status === "finished");
    rooms.forEach((r) => r.leave());
    await Promise.all([cal, dot].map((t) => t.lobby.leave()));
  });

  it("a challenge expires after CHALLENGE_MS on the server's clock: both hear it, and a late accept is CHALLENGE_EXPIRED", async () => {
    const eli = await enter(server, "Eli Slow");
    const flo = await enter(server, "Flo Slower");
    const sent = await challenge(eli, flo);
    offset += 10 * MIN + 1;
    const [e1, e2] = await Promise.all([eli.expired.next(), flo.expired.next()]);
    assert.deepEqual([e1, e2], [{ id: sent.id }, { id: sent.id }]);
    assert.equal((await refused(flo, "challenge:accept", { id: sent.id })).code, "CHALLENGE_EXPIRED");
    assert.equal((await refused(eli, "challenge:cancel", { id: sent.id })).code, "CHALLENGE_EXPIRED");
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 404);
    await challenge(eli, flo);
    await Promise.all([eli, flo].map((t) => t.lobby.leave()));
  });

  /** Until the returned function is called, the store answers the queue gate's read slowly, as a busy database would. */
  function slowStore(ms: number): () => void {
    const original = server.store.abandonsSince;
    server.store.abandonsSince = async (...args) => {
      await sleep(ms);
      return original.apply(server.store, args);
    };
    return () => void (server.store.abandonsSince = original);
  }

  it("races: an accept and a cancel sent together have one outcome for both players", async () => {
    for (let round = 0; round < 3; round++) {
      const gil = await enter(server, `Gil Race ${round}`);
      const hub = await enter(server, `Hub Race ${round}`);
      const sent = await challenge(gil, hub);
      await hub.received.next();
      hub.lobby.send("challenge:accept", { id: sent.id });
      gil.lobby.send("challenge:cancel", { id: sent.id });
      await sleep(400);
      if (hub.matched.seen.length > 0) {
        assert.equal(gil.matched.seen.length, 1);
        assert.deepEqual(gil.accepted.seen, [{ id: sent.id }]);
        assert.deepEqual(gil.errors.seen.map((e) => e.code), ["CHALLENGE_NOT_FOUND"], "the cancel came too late");
        assert.deepEqual(hub.cancelled.seen, []);
        const rooms = await takeSeats(gil, gil.matched.seen[0], hub, hub.matched.seen[0]);
        rooms[0].send("resign");
        await waitForState(rooms[1], (s) => s.status === "finished");
        rooms.forEach((r) => r.leave());
      } else {
        assert.deepEqual(hub.cancelled.seen, [{ id: sent.id, reason: "cancelled" }]);
        assert.deepEqual(hub.errors.seen.map((e) => e.code), ["CHALLENGE_NOT_FOUND"], "the accept came too late");
        assert.deepEqual([gil.matched.seen, gil.accepted.seen, gil.errors.seen], [[], [], []]);
      }
      await Promise.all([gil, hub].map((t) => t.lobby.leave()));
    }
  });

  it("races: a cancel handled while the accept's checks wait on the store wins; the accept books nothing", async () => {
    const ivo = await enter(server, "Ivo Cancels");
    const joy = await enter(server, "Joy Accepts");
    const sent = await challenge(ivo, joy);
    await joy.received.next();
    const restore = slowStore(300);
    try {
      joy.lobby.send("challenge:accept", { id: sent.id });
      await sleep(100);
      ivo.lobby.send("challenge:cancel", { id: sent.id });
      assert.deepEqual(await joy.cancelled.next(), { id: sent.id, reason: "cancelled" });
      assert.deepEqual(await joy.errors.next(), { code: "CHALLENGE_NOT_FOUND", message: "That challenge was withdrawn meanwhile." });
    } finally {
      restore();
    }
    await heardNothing(joy, "matched", "accepted");
    await heardNothing(ivo, "matched", "accepted", "errors");
    await Promise.all([ivo, joy].map((t) => t.lobby.leave()));
  });

  it("races: two players accepting the same challenger's challenges at once book one game; the other hears CHALLENGER_BUSY", async () => {
    const kay = await enter(server, "Kay Popular");
    const [leo, mia] = await Promise.all([enter(server, "Leo First"), enter(server, "Mia Second")]);
    const [toLeo, toMia] = [await challenge(kay, leo), await challenge(kay, mia)];
    // Both accepts read presence before either game exists, then wait on the store together.
    const restore = slowStore(300);
    try {
      leo.lobby.send("challenge:accept", { id: toLeo.id });
      mia.lobby.send("challenge:accept", { id: toMia.id });
      await sleep(800);
    } finally {
      restore();
    }
    assert.equal(kay.matched.seen.length, 1, "the challenger is booked once");
    const [winner, loser, lost] = leo.matched.seen.length > 0 ? [leo, mia, toMia] : [mia, leo, toLeo];
    assert.equal(winner.matched.seen.length, 1);
    assert.deepEqual(loser.matched.seen, []);
    assert.deepEqual(loser.errors.seen.map((e) => e.code), ["CHALLENGER_BUSY"]);
    assert.equal((await api(server, "GET", `/challenges/${lost.id}`)).status, 200, "the other challenge stays open");
    const rooms = await takeSeats(kay, kay.matched.seen[0], winner, winner.matched.seen[0]);
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    rooms.forEach((r) => r.leave());
    await sleep(50);
    loser.lobby.send("challenge:accept", { id: lost.id });
    await Promise.all([kay.matched.next((m) => m.opponent.playerId === loser.playerId), loser.matched.next()]);
    await Promise.all([kay, leo, mia].map((t) => t.lobby.leave()));
  });

  it("races: the challenger leaving while the target accepts leaves no half-made game", async () => {
    for (const slow of [false, true]) {
      const ira = await enter(server, `Ira Gone ${slow}`);
      const jem = await enter(server, `Jem Stays ${slow}`);
      const sent = await challenge(ira, jem);
      await jem.received.next();
      const restore = slow ? slowStore(300) : () => {};
      try {
        jem.lobby.send("challenge:accept", { id: sent.id });
        if (slow) await sleep(100);
        void ira.lobby.leave();
        await sleep(500);
      } finally {
        restore();
      }
      if (!slow && jem.matched.seen.length > 0) {
        // The accept was booked first: the challenger simply never takes the seat (a no-show, as for any game).
        assert.deepEqual(jem.cancelled.seen, []);
      } else {
        // While the accept's checks waited, the challenger's last connection closed, and the challenge with it.
        assert.deepEqual(jem.cancelled.seen, [{ id: sent.id, reason: "offline" }]);
        assert.deepEqual(jem.errors.seen.map((e) => e.code), ["CHALLENGE_NOT_FOUND"]);
        assert.deepEqual(jem.matched.seen, [], "no game was made");
      }
      assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 404, "closed either way");
      await jem.lobby.leave();
    }
  });

  it("challenge messages count against the connection's message budget", async () => {
    const kit = await enter(server, "Kit Flood");
    for (let i = 0; i < 25; i++) kit.lobby.send("challenge:list");
    const error = await kit.errors.next();
    assert.equal(error.code, "RATE_LIMITED");
    await sleep(300);
    assert.ok(kit.list.seen.length > 0 && kit.list.seen.length <= 20, `${kit.list.seen.length} answered: those past the budget were dropped`);
    // The budget counts every frame, a leave too: wait for the next second before leaving.
    await sleep(1000);
    await kit.lobby.leave();
  });
});

describe("challenges: a short CHALLENGE_MS", function () {
  this.timeout(30_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ challengeMs: 1500 });
  });
  after(() => server?.close());

  it("expires on the lobby's timer: both hear challenge:expired, a late accept is CHALLENGE_EXPIRED, the link opens nothing", async () => {
    const lin = await enter(server, "Lin Short");
    const mo = await enter(server, "Mo Short");
    const sent = await challenge(lin, mo);
    assert.equal(sent.expiresAt - sent.createdAt, 1500);
    await mo.received.next();
    const [e1, e2] = await Promise.all([lin.expired.next(undefined, 3000), mo.expired.next(undefined, 3000)]);
    assert.deepEqual([e1, e2], [{ id: sent.id }, { id: sent.id }]);
    assert.ok(Date.now() >= sent.expiresAt, "not before its time");
    assert.equal((await refused(mo, "challenge:accept", { id: sent.id })).code, "CHALLENGE_EXPIRED");
    assert.equal((await api(server, "GET", `/challenges/${sent.id}`)).status, 404);
    mo.lobby.send("challenge:list");
    assert.deepEqual(await mo.list.next(), { received: [], sent: [] });
    await Promise.all([lin, mo].map((t) => t.lobby.leave()));
  });
});


for (const backend of ["SQLite", "PostgreSQL"] as const) describe(`challenges only from accounts played before (${backend})`, function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    const databaseUrl = await testDatabaseUrl(backend);
    server = await startTestServer({ databaseUrl });
  });
  after(() => server?.close());

  it("a player who allows only accounts they have played: a guest, then an account that has not played them, are refused; after a match, allowed", async () => {
    const nia = await enter(server, "Nia Picky");
    const oz = await enter(server, "Oz Hopeful");
    await server.store.setPreferences(nia.playerId, { challenges: "played" });
    const asGuest = await refused(oz, "challenge:send", { to: nia.playerId, game: "tictactoe" });
    assert.equal(asGuest.code, "CHALLENGES_PLAYED_ONLY");
    assert.match(asGuest.message, /You are playing as a guest: claim an account first/);

    const claimed = await api(server, "POST", "/account/claim", oz.token, { username: `oz_${backend}`, password: "correct horse battery" });
    assert.equal(claimed.status, 201, JSON.stringify(claimed.body));
    const notPlayed = await refused(oz, "challenge:send", { to: nia.playerId, game: "tictactoe" });
    assert.deepEqual(notPlayed, { code: "CHALLENGES_PLAYED_ONLY", message: "Nia Picky takes challenges only from accounts they have played before." });

    // An aborted match is not a game played together.
    const at = Date.now();
    const match = (matchId: string, aborted: boolean) => server.store.recordResult({
      matchId, game: "rps", rated: false, reason: aborted ? "no_show" : "resign", winner: aborted ? null : nia.playerId, aborted,
      players: [{ playerId: oz.playerId, name: oz.name }, { playerId: nia.playerId, name: nia.name }], moves: [], startedAt: at - 1000, endedAt: at,
    });
    await match(`aborted-${oz.playerId}`, true);
    assert.equal((await refused(oz, "challenge:send", { to: nia.playerId, game: "tictactoe" })).code, "CHALLENGES_PLAYED_ONLY");
    await match(`played-${oz.playerId}`, false);
    const sent = await challenge(oz, nia);
    assert.deepEqual((await nia.received.next()).challenge, sent);

    const stranger = await enter(server, "Pia Stranger");
    assert.equal((await refused(stranger, "challenge:send", { to: nia.playerId, game: "rps" })).code, "CHALLENGES_PLAYED_ONLY");
    await server.store.setPreferences(nia.playerId, { challenges: "everyone" });
    await challenge(stranger, nia, "rps");
    await Promise.all([nia, oz, stranger].map((t) => t.lobby.leave()));
  });
});

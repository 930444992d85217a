import assert from "node:assert/strict";
import type { Room } from "colyseus.js";
import { collect, signUp, sleep, startGame, startTestServer, subscribe, type TestGuest, type TestServer } from "./support/harness";

const ROOM_STATE = 14;
const ROOM_STATE_PATCH = 15;

/**
 * Everything a lobby connection receives: each frame's protocol code, and each message decoded (of the types with
 * no handler of their own: colyseus.js hands "*" only those), with when it came.
 */
function tap(room: Room) {
  const frames: number[] = [];
  const messages: { type: string; message: any; at: number }[] = [];
  const socket = (room.connection as any).transport.ws;
  const original = socket.onmessage;
  socket.onmessage = (event: { data: ArrayBuffer }) => {
    frames.push(new Uint8Array(event.data)[0]);
    original(event);
  };
  room.onMessage("*", (type, message) => messages.push({ type: String(type), message, at: Date.now() }));
  return { frames, messages, types: () => messages.map((m) => m.type) };
}

async function inLobby(server: TestServer, name: string): Promise<TestGuest & { lobby: Room; seen: ReturnType<typeof tap> }> {
  const guest = await signUp(server, name);
  const lobby = await guest.client.joinOrCreate("lobby");
  return { ...guest, lobby, seen: tap(lobby) };
}

describe("lobby feeds: each client receives only what it subscribed to", function () {
  this.timeout(30_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ botFillMs: 0 });
  });
  after(() => server?.close());

  it("a bot that queues and a client that asked for nothing receive no list, no counts and no patches while the lobby churns", async () => {
    const bot = await inLobby(server, "Quiet Bot");
    const idle = await inLobby(server, "Idle Ida");
    const game = await startGame(server, "tictactoe", await signUp(server, "Pia"), await signUp(server, "Quinn"));
    bot.lobby.send("queue", { game: "rps" });
    // Churn around them: joins and leaves, queues and cancels, a game ending.
    for (let i = 0; i < 6; i++) {
      const other = await inLobby(server, `Churn ${i}`);
      other.lobby.send("queue", { game: "tictactoe" });
      await sleep(150);
      other.lobby.send("cancel");
      await sleep(150);
      await other.lobby.leave();
    }
    game.rooms[0].send("resign");
    await sleep(1200);
    assert.deepEqual(new Set(bot.seen.types()), new Set(["queued"]), "the queued bot hears only about its own ticket");
    assert.deepEqual(idle.seen.types(), [], "a client that subscribed to nothing hears nothing");
    for (const { frames } of [bot.seen, idle.seen]) assert.ok(!frames.includes(ROOM_STATE) && !frames.includes(ROOM_STATE_PATCH), "the lobby sends no state");
    game.rooms.forEach((r) => r.leave());
    bot.lobby.send("cancel");
    await Promise.all([bot.lobby.leave(), idle.lobby.leave()]);
  });

  it("a Watch subscriber gets the list at once and each change; after unsubscribing, nothing more", async () => {
    const watcher = await inLobby(server, "Wanda");
    const first = await startGame(server, "tictactoe", await signUp(server, "Rae"), await signUp(server, "Sol"));
    const live = subscribe(watcher.lobby, "live");
    const snapshot = await live.until(() => true);
    const listed = snapshot.games.find((g: any) => g.roomId === first.roomId);
    assert.deepEqual({ ...listed, names: [...listed.names].sort() }, { roomId: first.roomId, game: "tictactoe", rated: true, spectators: 0, names: ["Rae", "Sol"], ratings: [1500, 1500] });

    const second = await startGame(server, "connectfour", await signUp(server, "Tom"), await signUp(server, "Uma"));
    await live.until((l) => l.games.some((g: any) => g.roomId === second.roomId), 3000);
    first.rooms[0].send("resign");
    await live.until((l) => !l.games.some((g: any) => g.roomId === first.roomId), 3000);
    // Sent only when it changed: no two messages in a row show the same list.
    for (let i = 1; i < live.seen.length; i++) assert.notDeepEqual(live.seen[i].games, live.seen[i - 1].games);

    watcher.lobby.send("unsubscribe", { topic: "live" });
    await sleep(200);
    const received = live.seen.length;
    second.rooms[1].send("resign");
    const third = await startGame(server, "tictactoe", await signUp(server, "Val"), await signUp(server, "Wim"));
    await sleep(2500);
    assert.equal(live.seen.length, received, "no list after unsubscribing, though it changed twice");
    // Unsubscribing again is no error; subscribing again brings a fresh list.
    watcher.lobby.send("unsubscribe", { topic: "live" });
    const again = subscribe(watcher.lobby, "live");
    const fresh = await again.until(() => true);
    assert.deepEqual(fresh.games.map((g: any) => g.roomId).filter((id: string) => [first.roomId, second.roomId, third.roomId].includes(id)), [third.roomId]);
    assert.ok(!watcher.seen.types().includes("error"));
    [...first.rooms, ...second.rooms, ...third.rooms].forEach((r) => r.leave());
    await watcher.lobby.leave();
  });

  it("counts come at once on subscribing, then at most once a second however fast they change, and stop on unsubscribing", async () => {
    const viewer = await inLobby(server, "Vic");
    const busy = await inLobby(server, "Busy");
    const changes = collect(busy.lobby, "queued");
    const start = Date.now();
    const counts = subscribe(viewer.lobby, "counts");
    const snapshot = await counts.until(() => true);
    assert.equal(typeof snapshot.online, "number");
    assert.deepEqual(Object.keys(snapshot.queues).sort(), ["connectfour", "rps", "tictactoe"]);
    // The queue count changes about ten times a second for three seconds.
    for (let i = 0; i < 15; i++) {
      busy.lobby.send("queue", { game: "rps" });
      await changes.next();
      await sleep(100);
      busy.lobby.send("cancel");
      await sleep(100);
    }
    const seconds = (Date.now() - start) / 1000;
    const received = counts.seen.length;
    // The snapshot, then one per tick of the server's one-second clock at most (a tick at each end of the window).
    assert.ok(received <= 1 + Math.floor(seconds) + 1, `${received} counts messages in ${seconds.toFixed(1)} s`);
    assert.ok(received >= 2, "the changes reached the subscriber");
    assert.ok(counts.seen.every((c) => c.queues.rps === 0 || c.queues.rps === 1));

    viewer.lobby.send("unsubscribe", { topic: "counts" });
    await sleep(200);
    const before = counts.seen.length;
    const newcomer = await inLobby(server, "Newcomer");
    busy.lobby.send("queue", { game: "tictactoe" });
    await sleep(2200);
    assert.equal(counts.seen.length, before, "no counts after unsubscribing");
    busy.lobby.send("cancel");
    await Promise.all([viewer.lobby.leave(), busy.lobby.leave(), newcomer.lobby.leave()]);
  });

  it("the counts feed counts players online and tickets per game, for a queueing subscriber too", async () => {
    const a = await inLobby(server, "Xan");
    const counts = subscribe(a.lobby, "counts");
    const base = (await counts.until(() => true)).online;
    a.lobby.send("queue", { game: "connectfour" });
    await counts.until((c) => c.queues.connectfour === 1, 3000);
    const b = await inLobby(server, "Yul");
    await counts.until((c) => c.online === base + 1, 3000);
    await b.lobby.leave();
    await counts.until((c) => c.online === base, 3000);
    a.lobby.send("cancel");
    await counts.until((c) => c.queues.connectfour === 0, 3000);
    // colyseus.js hands "*" only the types with no handler of their own: here everything but `counts`.
    assert.deepEqual(new Set(a.seen.types()), new Set(["queued", "cancelled"]), "counts and its own queue messages, no list");
    assert.ok(counts.seen.length >= 4);
    await a.lobby.leave();
  });
});

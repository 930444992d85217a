import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import type { Room } from "colyseus.js";
import type { ChatHistoryMessage, ChatMessage } from "../protocol/chat";
import { CHAT_FILTER_CHANNEL, chatFilterSwitch } from "../base/chatFilterSwitch";
import type { Clock } from "../rooms/deps";
import { testDatabaseUrl } from "./support/postgres";
import { collect, type Collector, expectError, seat, signUp, sleep, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

/** The server's clock, which a test moves on to let a chat or report window pass. */
function steppingClock(): { clock: Clock; advance(ms: number): void } {
  let offset = 0;
  return {
    clock: { now: () => Date.now() + offset, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    advance: (ms) => void (offset += ms),
  };
}

/** Every message of a type a room receives, in order (unlike `collect`, nothing is taken out). */
function inbox<T>(room: Room, type: string) {
  const seen: T[] = [];
  room.onMessage(type, (message: T) => seen.push(message));
  return {
    seen,
    async count(n: number, timeoutMs = 5000): Promise<T[]> {
      const until = Date.now() + timeoutMs;
      while (seen.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} "${type}" messages, got ${seen.length}: ${JSON.stringify(seen)}`);
        await sleep(5);
      }
      return seen;
    },
  };
}

/** The answers to chat:mute, chat:off and report, in order, each taken once. */
function answers(room: Room) {
  const seen: any[] = [];
  for (const type of ["chat:mute", "chat:off", "report:filed"]) room.onMessage(type, (message: object) => seen.push({ type, ...message }));
  return {
    seen,
    async next(timeoutMs = 5000): Promise<any> {
      const until = Date.now() + timeoutMs;
      while (seen.length === 0) {
        if (Date.now() > until) throw new Error("no answer to chat:mute, chat:off or report");
        await sleep(5);
      }
      return seen.shift();
    },
  };
}

interface Member {
  guest: TestGuest;
  room: Room;
  chat: ReturnType<typeof inbox<ChatMessage>>;
  history: ReturnType<typeof inbox<ChatHistoryMessage>>;
  errors: Collector;
  acks: ReturnType<typeof answers>;
}

/** Listens to a room from the moment it is joined: the history comes a round trip later, after the join's answer. */
function member(guest: TestGuest, room: Room): Member {
  return { guest, room, chat: inbox(room, "chat"), history: inbox(room, "chat:history"), errors: collect(room, "error"), acks: answers(room) };
}

const texts = (m: Member) => m.chat.seen.map((l) => l.text);

/** Sends a line and waits for its echo to the sender, so that lines from several senders have one order. */
async function say(from: Member, payload: { text: string } | { phrase: string }) {
  const before = from.chat.seen.length;
  from.room.send("chat", payload);
  await from.chat.count(before + 1);
}

const leaveAll = (...members: Member[]) => Promise.all(members.map((m) => m.room.leave().catch(() => {})));

describe("chat in game rooms", function () {
  this.timeout(30_000);
  let server: TestServer;
  const time = steppingClock();

  before(async () => {
    server = await startTestServer({}, { clock: time.clock });
  });
  after(async () => {
    chatFilterSwitch.enabled = true;
    await server.close();
  });

  async function play(a: TestGuest, b: TestGuest, game: "tictactoe" | "rps" = "tictactoe"): Promise<[Member, Member]> {
    const match = await server.createMatch(game, [seat(a), seat(b)], { rated: false });
    const first = member(a, await a.client.consumeSeatReservation(match.reservations[a.playerId] as never));
    const second = member(b, await b.client.consumeSeatReservation(match.reservations[b.playerId] as never));
    await waitForState(first.room, (s) => s.status === "playing");
    await waitForState(second.room, (s) => s.status === "playing");
    return [first, second];
  }

  async function watch(guest: TestGuest, roomId: string): Promise<Member> {
    return member(guest, await guest.client.joinById(roomId, { spectate: true }));
  }

  /** The operator's admin API, as the moderation page calls it. */
  async function admin(method: "POST" | "PUT", path: string, body: object) {
    const res = await fetch(`${server.url}/admin/api${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`admin:${server.monitorPassword}`).toString("base64")}` },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  }

  const guests = async (...names: string[]) => Promise.all(names.map((name) => signUp(server, name)));

  describe("delivery", () => {
    it("players' lines reach the two players only, spectators' lines the spectators only, each once and in order", async () => {
      const [alice, bob, carol, dan] = await guests("alice", "bob", "carol", "dan");
      const [a, b] = await play(alice, bob);
      const c = await watch(carol, a.room.roomId);
      const d = await watch(dan, a.room.roomId);
      for (const m of [a, b]) assert.deepEqual(await m.history.count(1), [{ channel: "players", lines: [] }]);
      for (const m of [c, d]) assert.deepEqual(await m.history.count(1), [{ channel: "spectators", lines: [] }]);

      await say(a, { text: "one" });
      await say(b, { phrase: "gl" });
      await say(c, { text: "watching" });
      await say(a, { text: "two" });
      await say(d, { phrase: "hello" });
      // A burst from one player keeps its order too.
      for (const text of ["three", "four", "five"]) a.room.send("chat", { text });
      await a.chat.count(6);
      await b.chat.count(6);
      await d.chat.count(2);
      await sleep(100);

      const players = ["one", "Good luck", "two", "three", "four", "five"];
      for (const m of [a, b]) {
        assert.deepEqual(texts(m), players);
        assert.deepEqual(m.chat.seen.map((l) => l.seq), [1, 2, 3, 4, 5, 6]);
        assert.ok(m.chat.seen.every((l) => l.channel === "players"));
      }
      assert.deepEqual(a.chat.seen[1], { ...b.chat.seen[1] });
      const gl = b.chat.seen[1];
      assert.equal(gl.playerId, bob.playerId);
      assert.equal(gl.name, "bob");
      assert.equal(gl.phrase, "gl");
      assert.equal(a.chat.seen[0].phrase, null);
      assert.ok(Math.abs(gl.at - time.clock.now()) < 5000);
      for (const m of [c, d]) {
        assert.deepEqual(m.chat.seen.map((l) => [l.seq, l.channel, l.playerId, l.text, l.phrase]), [
          [1, "spectators", carol.playerId, "watching", null],
          [2, "spectators", dan.playerId, "Hello", "hello"],
        ]);
      }
      await leaveAll(a, b, c, d);
    });

    it("once the game has ended the players get the spectators' backlog, then their lines live; spectators never get the players'", async () => {
      const [alice, bob, carol] = await guests("alice", "bob", "carol");
      const [a, b] = await play(alice, bob);
      const c = await watch(carol, a.room.roomId);
      await c.history.count(1);
      await say(c, { text: "she should take the corner" });
      await say(a, { text: "hmm" });
      await sleep(50);
      assert.deepEqual(texts(a), ["hmm"]);
      a.room.send("resign");
      for (const m of [a, b]) {
        const [, backlog] = await m.history.count(2);
        assert.deepEqual(backlog.channel, "spectators");
        assert.deepEqual(backlog.lines.map((l) => l.text), ["she should take the corner"]);
        assert.equal(m.room.state.status, "finished", "after the patch that says the game is over");
      }
      await say(c, { text: "well played both" });
      await say(b, { phrase: "gg" });
      await a.chat.count(3);
      await sleep(50);
      assert.deepEqual(texts(a), ["hmm", "well played both", "Good game"]);
      assert.deepEqual(texts(c), ["she should take the corner", "well played both"]);
      assert.equal(c.history.seen.length, 1, "no second history for a spectator");

      // Back on the result screen after a drop: both channels.
      const token = a.room.reconnectionToken;
      (a.room.connection as any).transport.ws.close();
      await waitForState(b.room, (s) => s.players.get(a.room.sessionId).connected === false);
      const back = member(alice, await alice.client.reconnect(token));
      const histories = await back.history.count(2);
      assert.deepEqual(histories.map((h) => [h.channel, h.lines.map((l) => l.text)]), [
        ["players", ["hmm", "Good game"]],
        ["spectators", ["she should take the corner", "well played both"]],
      ]);
      await leaveAll(back, b, c);
    });

    it("lines never cross into another room", async () => {
      const [alice, bob, carol, dan] = await guests("alice", "bob", "carol", "dan");
      const [a, b] = await play(alice, bob);
      const [c, d] = await play(carol, dan);
      await say(a, { text: "in the first room" });
      await say(c, { text: "in the second room" });
      await b.chat.count(1);
      await d.chat.count(1);
      await sleep(50);
      assert.deepEqual([texts(a), texts(b), texts(c), texts(d)], [["in the first room"], ["in the first room"], ["in the second room"], ["in the second room"]]);
      await leaveAll(a, b, c, d);
    });
  });

  describe("chat:history", () => {
    it("on join: the last 30 lines of each channel the newcomer may see", async () => {
      const [alice, bob, carol] = await guests("alice", "bob", "carol");
      const [a, b] = await play(alice, bob);
      const c = await watch(carol, a.room.roomId);
      for (let i = 1; i <= 35; i++) {
        if (i % 5 === 1) time.advance(10_000);
        c.room.send("chat", { text: `spectator line ${i}` });
        await say(a, { text: `player line ${i}` });
        await sleep(55); // under the room's 20 messages a second
      }
      await c.chat.count(35);
      const dan = await signUp(server, "dan");
      const d = await watch(dan, a.room.roomId);
      const [history] = await d.history.count(1);
      assert.equal(history.channel, "spectators");
      assert.deepEqual(history.lines.map((l) => l.seq), Array.from({ length: 30 }, (_, i) => i + 6));
      assert.equal(history.lines[29].text, "spectator line 35");
      await sleep(50);
      assert.equal(d.history.seen.length, 1, "nothing of the players' channel");
      assert.equal(b.chat.seen.length, 35);
      await leaveAll(a, b, c, d);
    });

    it("after a reconnection within the grace: the history again, with the lines said meanwhile", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      await a.history.count(1);
      await say(a, { text: "brb" });
      const token = a.room.reconnectionToken;
      (a.room.connection as any).transport.ws.close();
      await waitForState(b.room, (s) => s.players.get(a.room.sessionId).connected === false);
      await say(b, { text: "said while you were away" });
      const back = member(alice, await alice.client.reconnect(token));
      assert.equal(back.room.sessionId, a.room.sessionId, "the same session on a new connection");
      const [history] = await back.history.count(1);
      assert.deepEqual(history, { channel: "players", lines: b.chat.seen });
      await say(b, { text: "welcome back" });
      await back.chat.count(1);
      await sleep(50);
      assert.deepEqual(texts(back), ["welcome back"], "live lines on the new connection, once");
      assert.deepEqual(texts(a), ["brb"], "nothing on the dropped one");
      await leaveAll(back, b);
    });
  });

  describe("limits", () => {
    it(`5 lines in 10 seconds per player, then CHAT_RATE_LIMITED saying when; the window slides`, async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      time.advance(10_000);
      for (let i = 1; i <= 5; i++) await say(a, { phrase: "gl" });
      const error = await expectError(a.room, a.errors, "chat", { text: "one more" });
      assert.equal(error.code, "CHAT_RATE_LIMITED");
      assert.match(error.message, /At most 5 chat lines in 10 seconds; try again in (9|10) seconds\./);
      await sleep(50);
      assert.equal(b.chat.seen.length, 5);
      await say(b, { text: "my own five" });
      time.advance(10_000);
      await say(a, { text: "again" });
      await b.chat.count(7);
      assert.deepEqual(texts(b).slice(5), ["my own five", "again"]);
      await leaveAll(a, b);
    });

    it("chat counts against the room's message budget as well", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      time.advance(10_000);
      await sleep(1100); // a budget window of its own, without the join's frames
      for (let i = 0; i < 22; i++) a.room.send("chat", { phrase: "wp" });
      await b.chat.count(5);
      await sleep(300);
      const codes = a.errors.seen.map((e) => e.code);
      assert.deepEqual(codes, [...Array(15).fill("CHAT_RATE_LIMITED"), "RATE_LIMITED"], "20 handled (5 said, 15 over the chat's limit), then the room's warning, then dropped");
      assert.equal(b.chat.seen.length, 5);
      await leaveAll(a, b);
    });

    it("CHAT_TOO_LONG past 200 characters after trimming; white space and invisible characters are tidied", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      time.advance(10_000);
      const tooLong = await expectError(a.room, a.errors, "chat", { text: "x".repeat(201) });
      assert.equal(tooLong.code, "CHAT_TOO_LONG", tooLong.message);
      const empty = await expectError(a.room, a.errors, "chat", { text: " \n\u200b " });
      assert.equal(empty.code, "BAD_MESSAGE", empty.message);
      await say(a, { text: `   ${"y".repeat(200)}   ` });
      await say(a, { text: "two\nlines\u202e reversed" });
      await say(a, { text: "語".repeat(200) }); // 600 bytes: within a frame
      await b.chat.count(3);
      assert.deepEqual(texts(b), ["y".repeat(200), "two lines reversed", "語".repeat(200)]);
      await leaveAll(a, b);
    });

    it("bad shapes are BAD_MESSAGE (or OUT_OF_RANGE), say nothing and change nothing", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      const before = JSON.stringify(a.room.state.toJSON());
      const cases: [string, unknown, string][] = [
        ["chat", undefined, "BAD_MESSAGE"],
        ["chat", "hello", "BAD_MESSAGE"],
        ["chat", {}, "BAD_MESSAGE"],
        ["chat", { text: 5 }, "BAD_MESSAGE"],
        ["chat", { phrase: "insult" }, "BAD_MESSAGE"],
        ["chat", { text: "hi", phrase: "gg" }, "BAD_MESSAGE"],
        ["chat", { text: "hi", channel: "spectators" }, "BAD_MESSAGE"],
        ["chat", [{ text: "hi" }], "BAD_MESSAGE"],
        ["chat:mute", { playerId: bob.playerId }, "BAD_MESSAGE"],
        ["chat:mute", { playerId: 7, muted: true }, "BAD_MESSAGE"],
        ["chat:mute", { playerId: "", muted: true }, "OUT_OF_RANGE"],
        ["chat:mute", { playerId: alice.playerId, muted: true }, "BAD_MESSAGE"],
        ["chat:mute", { playerId: "someone-never-here", muted: true }, "PLAYER_NOT_FOUND"],
        ["chat:off", { off: "yes" }, "BAD_MESSAGE"],
        ["chat:off", null, "BAD_MESSAGE"],
        ["report", { reason: "rude" }, "BAD_MESSAGE"],
        ["report", { seq: 0, reason: "spam" }, "OUT_OF_RANGE"],
        ["report", { seq: 1.5, reason: "spam" }, "BAD_MESSAGE"],
        ["report", { seq: 1, channel: "lobby", reason: "spam" }, "BAD_MESSAGE"],
        ["report", { reason: "spam", note: "n".repeat(301) }, "OUT_OF_RANGE"],
        ["report", { reason: "spam", channel: "players" }, "BAD_MESSAGE"],
      ];
      for (const [type, payload, code] of cases) {
        const error = await expectError(a.room, a.errors, type, payload);
        assert.equal(error.code, code, `${type} ${JSON.stringify(payload)}: ${error.message}`);
        assert.ok(error.message.length > 0);
        await sleep(55); // under the room's 20 messages a second
      }
      await sleep(50);
      assert.deepEqual([a.chat.seen, b.chat.seen, a.acks.seen], [[], [], []]);
      assert.equal(JSON.stringify(a.room.state.toJSON()), before);
      assert.deepEqual((await server.store.preferences(alice.playerId)), { chatOff: false, challenges: "everyone", muted: [] });
      await leaveAll(a, b);
    });
  });

  describe("safety", () => {
    it("chat off: only phrases, both ways; kept, read at the next join and after a reconnection", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      time.advance(10_000);
      await say(a, { text: "before" });
      b.room.send("chat:off", { off: true });
      assert.deepEqual(await b.acks.next(), { type: "chat:off", off: true });
      assert.equal((await server.store.preferences(bob.playerId)).chatOff, true);
      const refused = await expectError(b.room, b.errors, "chat", { text: "can I still type?" });
      assert.equal(refused.code, "CHAT_OFF", refused.message);
      await say(b, { phrase: "gg" });
      await say(a, { text: "free text bob will not see" });
      await say(a, { phrase: "thanks" });
      await b.chat.count(3);
      await sleep(50);
      assert.deepEqual(texts(b), ["before", "Good game", "Thanks"]);
      assert.deepEqual(texts(a), ["before", "Good game", "free text bob will not see", "Thanks"]);

      // A reconnection's history is after chat-off too.
      const token = b.room.reconnectionToken;
      (b.room.connection as any).transport.ws.close();
      await waitForState(a.room, (s) => s.players.get(b.room.sessionId).connected === false);
      const back = member(bob, await bob.client.reconnect(token));
      const [history] = await back.history.count(1);
      assert.deepEqual(history.lines.map((l) => l.text), ["Good game", "Thanks"]);
      a.room.send("resign");
      await waitForState(back.room, (s) => s.status === "finished");

      // The next game reads it at join.
      time.advance(10_000);
      const [a2, b2] = await play(alice, bob);
      await say(a2, { text: "new game, still no text for bob" });
      await say(a2, { phrase: "gl" });
      await b2.chat.count(1);
      await sleep(50);
      assert.deepEqual(texts(b2), ["Good luck"]);
      b2.room.send("chat:off", { off: false });
      await b2.acks.next();
      await say(a2, { text: "now you see me" });
      await b2.chat.count(2);
      assert.equal((await server.store.preferences(bob.playerId)).chatOff, false);
      await leaveAll(a, back, a2, b2);
    });

    it("chat:mute: at once, kept, and in a later room; unmute brings the lines back", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      time.advance(10_000);
      await say(b, { text: "first" });
      a.room.send("chat:mute", { playerId: bob.playerId, muted: true });
      assert.deepEqual(await a.acks.next(), { type: "chat:mute", playerId: bob.playerId, muted: true });
      assert.deepEqual((await server.store.preferences(alice.playerId)).muted, [bob.playerId]);
      await say(b, { text: "muted text" });
      await say(b, { phrase: "gg" });
      await say(a, { text: "alice still talks" });
      await b.chat.count(4);
      await sleep(50);
      assert.deepEqual(texts(a), ["first", "alice still talks"]);
      a.room.send("resign");
      await waitForState(a.room, (s) => s.status === "finished");

      time.advance(10_000);
      const [a2, b2] = await play(alice, bob);
      await say(b2, { text: "still muted in a new room" });
      await say(a2, { phrase: "hello" });
      await b2.chat.count(2);
      await sleep(50);
      assert.deepEqual(texts(a2), ["Hello"]);
      a2.room.send("chat:mute", { playerId: bob.playerId, muted: false });
      await a2.acks.next();
      await say(b2, { text: "heard again" });
      await a2.chat.count(2);
      assert.deepEqual(texts(a2), ["Hello", "heard again"]);
      assert.deepEqual((await server.store.preferences(alice.playerId)).muted, []);
      await leaveAll(a, b, a2, b2);
    });

    it("a mute or chat off set over HTTP (another tab, the account page) applies at once in the room the player is in", async () => {
      const [cleo, dan] = await guests("cleo", "dan");
      const [c, d] = await play(cleo, dan);
      time.advance(10_000);
      const http = (method: string, path: string, body?: object) =>
        fetch(`${server.url}/api${path}`, {
          method,
          headers: { authorization: `Bearer ${cleo.token}`, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      assert.equal((await http("PUT", `/me/mutes/${dan.playerId}`)).status, 200);
      // The room hears of it over presence and reads the preferences again; poll until dan's line stops reaching cleo.
      const until = Date.now() + 5000;
      for (let n = 0; ; n++) {
        const before = c.chat.seen.length;
        await say(d, { text: `probe ${n}` });
        await sleep(100);
        if (c.chat.seen.length === before) break;
        assert.ok(Date.now() < until, "the mute made over HTTP never reached the room");
      }
      assert.equal((await http("DELETE", `/me/mutes/${dan.playerId}`)).status, 200);
      assert.equal((await http("PUT", "/me/preferences", { chatOff: true })).status, 200);
      time.advance(10_000);
      const refused = c.errors.next((e) => e.code === "CHAT_OFF", 5000);
      for (let n = 0; n < 20; n++) {
        c.room.send("chat", { text: `free text ${n}` });
        const off = await Promise.race([refused.then(() => true), sleep(150).then(() => false)]);
        if (off) break;
        time.advance(10_000);
      }
      await refused;
      await leaveAll(c, d);
    });

    it("the operator's mute: CHAT_MUTED from the next join (store.moderate), and at once in a room when the admin API acts", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const until = time.clock.now() + 3_600_000;
      await server.store.moderate(bob.playerId, { kind: "mute", until }, time.clock.now());
      const [a, b] = await play(alice, bob);
      time.advance(10_000);
      for (const payload of [{ text: "hello?" }, { phrase: "gl" }]) {
        const error = await expectError(b.room, b.errors, "chat", payload);
        assert.equal(error.code, "CHAT_MUTED");
        assert.ok(error.message.includes(new Date(until).toISOString()), error.message);
      }
      // The admin API acts and announces parlor:moderation; the room reads the player again from the store.
      await admin("POST", `/players/${bob.playerId}/unmute`, {});
      await sleep(100);
      await say(b, { text: "unmuted at once" });
      await admin("POST", `/players/${bob.playerId}/mute`, { minutes: 5 });
      await sleep(100);
      const muted = await expectError(b.room, b.errors, "chat", { phrase: "gg" });
      assert.equal(muted.code, "CHAT_MUTED");
      await sleep(50);
      assert.deepEqual(texts(a), ["unmuted at once"]);
      await leaveAll(a, b);
    });

    it("the filter masks matched words while on, not while off; every process follows parlor:chat-filter", async () => {
      const [alice, bob] = await guests("alice", "bob");
      const [a, b] = await play(alice, bob);
      time.advance(10_000);
      await say(a, { text: "oh shit, a fork" });
      await admin("PUT", "/chat-filter", { enabled: false });
      await say(a, { text: "oh shit, a fork" });
      // As another process's admin API announces it.
      matchMaker.presence.publish(CHAT_FILTER_CHANNEL, { enabled: true });
      await sleep(20);
      await say(a, { text: "oh shit, a fork" });
      await say(a, { phrase: "gg" });
      await b.chat.count(4);
      assert.deepEqual(texts(b), ["oh ****, a fork", "oh shit, a fork", "oh ****, a fork", "Good game"]);
      await leaveAll(a, b);
    });
  });

  describe("report", () => {
    it("files the reported line and the 10 the reporter received before it; report:filed { id }", async () => {
      const [alice, bob, carol] = await guests("alice", "bob", "carol");
      const [a, b] = await play(alice, bob);
      const c = await watch(carol, a.room.roomId);
      for (let i = 1; i <= 12; i++) {
        if (i % 5 === 1) time.advance(10_000);
        await say(b, { text: `bob ${i}` });
      }
      await a.chat.count(12);
      a.room.send("report", { seq: 12, reason: "abuse", note: "  rude all game  " });
      const { type, id } = await a.acks.next();
      assert.equal(type, "report:filed");
      assert.match(id, /^[0-9a-f]{32}$/);
      const report = (await server.store.reports({ open: true, limit: 50 })).find((r) => r.id === id)!;
      assert.equal(report.reporterId, alice.playerId);
      assert.equal(report.reportedId, bob.playerId);
      assert.equal(report.reason, "abuse");
      assert.equal(report.note, "rude all game");
      assert.equal(report.roomId, a.room.roomId);
      assert.equal(report.matchId, a.room.roomId);
      assert.deepEqual(report.lines.map((l) => l.text), Array.from({ length: 11 }, (_, i) => `bob ${i + 2}`));
      assert.deepEqual(report.lines.at(-1), a.chat.seen[11]);

      const unknown = await expectError(a.room, a.errors, "report", { seq: 99, reason: "spam" });
      assert.equal(unknown.code, "LINE_NOT_FOUND");
      const notSent = await expectError(c.room, c.errors, "report", { seq: 1, channel: "players", reason: "spam" });
      assert.equal(notSent.code, "LINE_NOT_FOUND", "a spectator never received the players' lines");
      const own = await expectError(b.room, b.errors, "report", { seq: 1, reason: "spam" });
      assert.equal(own.code, "BAD_MESSAGE");
      const spectator = await expectError(c.room, c.errors, "report", { reason: "cheating" });
      assert.equal(spectator.code, "NOT_A_PLAYER");

      // Without seq: the opponent, with the last lines received.
      b.room.send("report", { reason: "cheating" });
      const second = await b.acks.next();
      const opponent = (await server.store.reports({ open: true, limit: 50 })).find((r) => r.id === second.id)!;
      assert.equal(opponent.reportedId, alice.playerId);
      assert.equal(opponent.note, "");
      assert.deepEqual(opponent.lines.map((l) => l.text), Array.from({ length: 10 }, (_, i) => `bob ${i + 3}`));
      await leaveAll(a, b, c);
    });

    it("REPORT_LIMITED past 5 reports in 10 minutes per reporter, across rooms", async () => {
      const [alice, bob, carol] = await guests("alice", "bob", "carol");
      const [a, b] = await play(alice, bob);
      for (let i = 0; i < 3; i++) {
        a.room.send("report", { reason: "spam" });
        await a.acks.next();
      }
      a.room.send("resign");
      await waitForState(a.room, (s) => s.status === "finished");
      const [a2, c] = await play(alice, carol);
      for (let i = 0; i < 2; i++) {
        a2.room.send("report", { reason: "spam" });
        await a2.acks.next();
      }
      const limited = await expectError(a2.room, a2.errors, "report", { reason: "spam" });
      assert.equal(limited.code, "REPORT_LIMITED");
      assert.match(limited.message, /At most 5 reports in 10 minutes; try again in \d+ minutes\./);
      c.room.send("report", { reason: "spam" });
      await c.acks.next();
      time.advance(10 * 60_000);
      // The longest note, in a script of 3-byte characters, still fits one frame.
      a2.room.send("report", { reason: "other", note: "報".repeat(300) });
      await a2.acks.next();
      const mine = (await server.store.reports({ open: true, limit: 100 })).filter((r) => r.reporterId === alice.playerId);
      assert.equal(mine.length, 6);
      await leaveAll(a, b, a2, c);
    });
  });

  it("bots never chat; a bot cannot be reported", async () => {
    const alice = await signUp(server, "alice");
    await server.store.ensureBot("bot", "Parlor Bot");
    const match = await server.createMatch("tictactoe", [seat(alice), { playerId: "bot", name: "Parlor Bot", rating: 1500, bot: true }], { rated: false });
    const a = member(alice, await alice.client.consumeSeatReservation(match.reservations[alice.playerId] as never));
    await waitForState(a.room, (s) => s.status === "playing");
    time.advance(10_000);
    await say(a, { phrase: "gl" });
    const error = await expectError(a.room, a.errors, "report", { reason: "abuse" });
    assert.equal(error.code, "BAD_MESSAGE");
    for (const cell of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
      if (a.room.state.status !== "playing") break;
      await waitForState(a.room, (s) => s.status !== "playing" || s.turn === 0);
      if (a.room.state.status === "playing" && a.room.state.board[cell] === "") a.room.send("move", { cell });
      await sleep(40);
    }
    await sleep(100);
    assert.deepEqual(a.chat.seen.map((l) => l.playerId), [alice.playerId]);
    await leaveAll(a);
  });
});

// After the suite above has closed its server: one server a process at a time.
describe("chat on a server started with CHAT_FILTER off", () => {
  let plain: TestServer;
  before(async () => {
    plain = await startTestServer({ chatFilter: false });
  });
  after(async () => {
    await plain.close();
    chatFilterSwitch.enabled = true;
  });

  it("leaves lines as typed", async () => {
    const [alice, bob] = await Promise.all(["alice", "bob"].map((name) => signUp(plain, name)));
    const match = await plain.createMatch("connectfour", [seat(alice), seat(bob)], { rated: false });
    const a = member(alice, await alice.client.consumeSeatReservation(match.reservations[alice.playerId] as never));
    const b = member(bob, await bob.client.consumeSeatReservation(match.reservations[bob.playerId] as never));
    await waitForState(b.room, (s) => s.status === "playing");
    await say(a, { text: "oh shit, a fork" });
    await b.chat.count(1);
    assert.deepEqual(texts(b), ["oh shit, a fork"]);
    await leaveAll(a, b);
  });
});

// The chat's store calls (preferences, mutes, reports) on PostgreSQL, through a real room.
describe("chat on PostgreSQL", function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ databaseUrl: await testDatabaseUrl("PostgreSQL") });
  });
  after(() => server?.close());

  it("a mute and chat off are kept and read at the next room's join; a report keeps its lines", async () => {
    const [alice, bob] = await Promise.all(["alice", "bob"].map((name) => signUp(server, name)));
    const play = async () => {
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: false });
      const a = member(alice, await alice.client.consumeSeatReservation(match.reservations[alice.playerId] as never));
      const b = member(bob, await bob.client.consumeSeatReservation(match.reservations[bob.playerId] as never));
      await waitForState(b.room, (s) => s.status === "playing");
      return [a, b] as const;
    };
    const [a, b] = await play();
    await say(b, { text: "a rude line" });
    a.room.send("report", { seq: 1, reason: "abuse" });
    const filed = await a.acks.next();
    const [report] = await server.store.reports({ open: true, limit: 10 });
    assert.deepEqual([report.id, report.reportedId, report.lines.map((l) => l.text)], [filed.id, bob.playerId, ["a rude line"]]);
    a.room.send("chat:mute", { playerId: bob.playerId, muted: true });
    await a.acks.next();
    b.room.send("chat:off", { off: true });
    await b.acks.next();
    b.room.send("resign");
    await waitForState(a.room, (s) => s.status === "finished");
    await leaveAll(a, b);

    const [a2, b2] = await play();
    await say(b2, { phrase: "gl" });
    const off = await expectError(b2.room, b2.errors, "chat", { text: "free text" });
    assert.equal(off.code, "CHAT_OFF");
    await say(a2, { text: "alice to bob" });
    await sleep(100);
    assert.deepEqual(texts(a2), ["alice to bob"], "bob stays muted for alice");
    assert.deepEqual(texts(b2), ["Good luck"], "bob, with chat off, gets no free text");
    await leaveAll(a2, b2);
  });
});

import assert from "node:assert/strict";
import { unpackMultiple } from "@colyseus/msgpackr";
import { Room } from "colyseus.js";
import type { ChatHistoryMessage, ChatMessage } from "../protocol/chat";
import { collect, type Collector, seat, signUp, sleep, startTestServer, waitForState, type TestServer } from "./support/harness";

const ROOM_DATA = 13;

// Every frame every colyseus.js room receives, from its socket's first one (the history comes right after the join).
const frames = new Map<Room, Buffer[]>();
// colyseus.js hands each of a room's frames to this (protected) method, bound when the room connects.
const roomPrototype = Room.prototype as unknown as { onMessageCallback(this: Room, event: MessageEvent): void };
const original = roomPrototype.onMessageCallback;

/** The room messages among a client's frames, decoded as colyseus.js decodes them. */
function messages(room: Room): { type: string; message: any }[] {
  return (frames.get(room) ?? [])
    .filter((frame) => frame[0] === ROOM_DATA)
    .map((frame) => {
      const [type, message] = unpackMultiple(frame.subarray(1)) as [string, any];
      return { type, message };
    });
}

/** Every chat line a client was sent, live or in a history. */
function linesOf(room: Room): ChatMessage[] {
  return messages(room).flatMap(({ type, message }) => (type === "chat" ? [message as ChatMessage] : type === "chat:history" ? (message as ChatHistoryMessage).lines : []));
}

/** How many of a client's frames hold these bytes anywhere: messages, state, patches, errors. */
function framesHolding(room: Room, secret: string): number {
  const bytes = Buffer.from(secret, "utf8");
  return (frames.get(room) ?? []).filter((frame) => frame.includes(bytes)).length;
}

describe("chat: hidden information, decoded from every frame each client receives", function () {
  this.timeout(30_000);
  let server: TestServer;

  before(async () => {
    roomPrototype.onMessageCallback = function (this: Room, event: MessageEvent) {
      if (!frames.has(this)) frames.set(this, []);
      frames.get(this)!.push(Buffer.from(event.data as ArrayBuffer));
      return original.call(this, event);
    };
    server = await startTestServer();
  });
  after(async () => {
    roomPrototype.onMessageCallback = original;
    await server.close();
  });

  it("no line reaches anyone it was not meant for: opponent and spectators while playing, mutes, chat off, other rooms", async () => {
    const [alice, bob, carol, dan, erin, frank, gina, hank] = await Promise.all(
      ["alice", "bob", "carol", "dan", "erin", "frank", "gina", "hank"].map((name) => signUp(server, name)),
    );
    // Kept before the game, read at join.
    await server.store.setPreferences(bob.playerId, { chatOff: true });
    await server.store.setPreferences(erin.playerId, { chatOff: true });

    const errors = new Map<Room, Collector>();
    /** The tap reads the frames; colyseus.js only needs to know the types are expected. */
    const joined = (room: Room) => {
      for (const type of ["chat", "chat:history", "chat:mute"]) room.onMessage(type, () => {});
      errors.set(room, collect(room, "error"));
      return room;
    };
    const first = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: false });
    const a = joined(await alice.client.consumeSeatReservation(first.reservations[alice.playerId] as never));
    const b = joined(await bob.client.consumeSeatReservation(first.reservations[bob.playerId] as never));
    const c = joined(await carol.client.joinById(first.roomId, { spectate: true }));
    const d = joined(await dan.client.joinById(first.roomId, { spectate: true }));
    const e = joined(await erin.client.joinById(first.roomId, { spectate: true }));
    // A player who opens their own game as a spectator, in a second tab, is still a player.
    const aTab = joined(await alice.client.joinById(first.roomId, { spectate: true }));
    const second = await server.createMatch("rps", [seat(frank), seat(gina)], { rated: false });
    const f = joined(await frank.client.consumeSeatReservation(second.reservations[frank.playerId] as never));
    const g = joined(await gina.client.consumeSeatReservation(second.reservations[gina.playerId] as never));
    const h = joined(await hank.client.joinById(second.roomId, { spectate: true }));
    const everyone: [string, Room][] = [["alice", a], ["alice's tab", aTab], ["bob", b], ["carol", c], ["dan", d], ["erin", e], ["frank", f], ["gina", g], ["hank", h]];
    await waitForState(a, (s) => s.status === "playing");
    await waitForState(f, (s) => s.status === "playing");
    await sleep(100);

    /** Says a line and waits until the server has handled it (its echo, or its refusal, reaches the sender). */
    const say = async (room: Room, payload: object) => {
      const before = linesOf(room).length + errors.get(room)!.seen.length;
      room.send("chat", payload);
      const until = Date.now() + 3000;
      while (linesOf(room).length + errors.get(room)!.seen.length === before) {
        if (Date.now() > until) throw new Error("the line was neither said nor refused");
        await sleep(5);
      }
    };
    const mute = async (room: Room, playerId: string) => {
      room.send("chat:mute", { playerId, muted: true });
      while (!messages(room).some((m) => m.type === "chat:mute")) await sleep(5);
    };

    // While playing.
    await say(a, { text: "S-alice-1 my plan is the corner" });
    await say(b, { phrase: "gl" });
    await say(c, { text: "S-carol-1 she should take the centre" });
    await mute(c, dan.playerId);
    await say(d, { text: "S-dan-1 no, the edge" });
    await say(e, { text: "S-erin-1 chat is off for me" });
    await say(e, { phrase: "hello" });
    await say(f, { text: "S-frank-1 another room" });
    await say(h, { text: "S-hank-1 watching the other room" });
    await mute(a, carol.playerId);
    await sleep(100);

    assert.equal(errors.get(e)!.seen[0]?.code, "CHAT_OFF");
    for (const [name, room] of everyone) {
      const channel = [a, aTab, b, f, g].includes(room) ? "players" : "spectators";
      assert.ok(linesOf(room).length > 0 && linesOf(room).every((l) => l.channel === channel), `${name} received a line of the other channel while playing`);
    }

    // The end: the players get the spectators' backlog (after their mutes and chat-off), and their lines live.
    a.send("resign");
    await waitForState(b, (s) => s.status === "finished");
    await sleep(100);
    await say(d, { text: "S-dan-2 good game" });
    await say(a, { text: "S-alice-2 thanks for watching" });
    await sleep(150);

    const meant: Record<string, string[]> = {
      "S-alice-1": ["alice", "alice's tab"], // bob has chat off; spectators never see the players' channel
      "S-carol-1": ["carol", "dan"], // erin has chat off; of the players, alice muted carol before the end, bob has chat off
      "S-dan-1": ["dan", "alice", "alice's tab"], // carol muted dan, erin has chat off; alice through the backlog; bob has chat off
      "S-erin-1": [], // refused: chat off
      "S-frank-1": ["frank", "gina"],
      "S-hank-1": ["hank"],
      "S-dan-2": ["dan", "alice", "alice's tab"], // erin and bob have chat off, carol muted dan
      "S-alice-2": ["alice", "alice's tab"],
    };
    for (const [secret, names] of Object.entries(meant)) {
      for (const [name, room] of everyone) {
        const expected = names.includes(name) ? 1 : 0;
        assert.equal(framesHolding(room, secret), expected, `${secret} reached ${name} in ${framesHolding(room, secret)} frames, meant ${expected}`);
      }
    }
    // The phrases went where phrases go, chat off or not.
    assert.deepEqual(linesOf(b).map((l) => l.text), ["Good luck", "Hello"]);
    assert.deepEqual(linesOf(e).map((l) => l.text), ["Hello"]);
    assert.deepEqual(linesOf(aTab), linesOf(a));
    assert.deepEqual(linesOf(a).map((l) => l.text), [
      "S-alice-1 my plan is the corner",
      "Good luck",
      "S-dan-1 no, the edge",
      "Hello",
      "S-dan-2 good game",
      "S-alice-2 thanks for watching",
    ]);
    // And nothing of the chat is in any state frame: patches are as before. (Each whole secret is looked for: two
    // letters such as "S-" can occur by chance in a random session id or reconnection token.)
    for (const [, room] of everyone) {
      for (const frame of frames.get(room)!) {
        if (frame[0] === ROOM_DATA) continue;
        for (const secret of Object.keys(meant)) assert.ok(!frame.includes(Buffer.from(secret)), `${secret} in the room's state`);
      }
    }
    await Promise.all(everyone.map(([, room]) => room.leave().catch(() => {})));
  });
});

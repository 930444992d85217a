import assert from "node:assert/strict";
import { CHAT_CHANNELS, type ChatMessage } from "../protocol/chat";
import { channelOf, channelsFor, ChatLog, ChatReceipts, maySee, type ChatReader, type ChatRole } from "../rooms/chatLog";

const line = (over: Partial<ChatMessage> = {}): ChatMessage => ({ seq: 1, channel: "players", playerId: "p1", name: "P1", text: "hi", phrase: null, at: 0, ...over });
const reader = (over: Partial<ChatReader> = {}): ChatReader => ({ playerId: "me", role: "player", chatOff: false, muted: new Set(), ...over });

describe("chat log: who may see a line, and what the room keeps", () => {
  it("players write to the players' channel, spectators to theirs", () => {
    assert.equal(channelOf("player"), "players");
    assert.equal(channelOf("spectator"), "spectators");
    assert.deepEqual(channelsFor("player", false), ["players"]);
    assert.deepEqual(channelsFor("player", true), ["players", "spectators"]);
    assert.deepEqual(channelsFor("spectator", false), ["spectators"]);
    assert.deepEqual(channelsFor("spectator", true), ["spectators"]);
  });

  it("maySee, over every role, channel, end, mute, chat-off and phrase", () => {
    let checked = 0;
    for (const role of ["player", "spectator"] as ChatRole[]) {
      for (const channel of CHAT_CHANNELS) {
        for (const ended of [false, true]) {
          for (const muted of [false, true]) {
            for (const chatOff of [false, true]) {
              for (const phrase of [null, "gg" as const]) {
                // The rule, said plainly: the players' channel is the players' alone; the spectators' is the
                // spectators', and the players' too once the game has ended; a muted author never; chat off, phrases only.
                const channelOpen = channel === "players" ? role === "player" : role === "spectator" || ended;
                const expected = channelOpen && !muted && (!chatOff || phrase !== null);
                const who = reader({ role, chatOff, muted: new Set(muted ? ["author"] : []) });
                assert.equal(maySee(who, line({ channel, playerId: "author", phrase }), ended), expected, JSON.stringify({ role, channel, ended, muted, chatOff, phrase }));
                checked++;
              }
            }
          }
        }
      }
    }
    assert.equal(checked, 64);
  });

  describe("ChatLog", () => {
    it("numbers each channel's lines from 1, apart", () => {
      const log = new ChatLog();
      const a = log.append({ channel: "players", playerId: "p", name: "P", text: "a", phrase: null, at: 1 });
      const b = log.append({ channel: "spectators", playerId: "s", name: "S", text: "b", phrase: null, at: 2 });
      const c = log.append({ channel: "players", playerId: "p", name: "P", text: "c", phrase: null, at: 3 });
      assert.deepEqual([a.seq, b.seq, c.seq], [1, 1, 2]);
      assert.deepEqual(log.lines("players").map((l) => l.text), ["a", "c"]);
    });

    it("keeps the last `keep` lines of a channel; numbers go on", () => {
      const log = new ChatLog(3);
      for (let i = 1; i <= 5; i++) log.append({ channel: "players", playerId: "p", name: "P", text: `${i}`, phrase: null, at: i });
      assert.deepEqual(log.lines("players").map((l) => l.seq), [3, 4, 5]);
    });

    it("history: per channel the reader may read, its last lines after mutes and chat-off", () => {
      const log = new ChatLog();
      for (let i = 1; i <= 40; i++) {
        log.append({ channel: "players", playerId: i % 2 ? "odd" : "even", name: "", text: `${i}`, phrase: i % 4 === 0 ? "gg" : null, at: i });
        log.append({ channel: "spectators", playerId: "s", name: "", text: `s${i}`, phrase: null, at: i });
      }
      const all = log.history(reader(), false);
      assert.deepEqual(all.map((h) => h.channel), ["players"]);
      assert.deepEqual(all[0].lines.map((l) => l.seq), Array.from({ length: 30 }, (_, i) => i + 11));
      const muting = log.history(reader({ muted: new Set(["odd"]) }), false)[0].lines;
      assert.deepEqual(muting.map((l) => l.seq), Array.from({ length: 20 }, (_, i) => 2 * i + 2), "the last 30 after the mute: all 20 even lines");
      const off = log.history(reader({ chatOff: true }), false)[0].lines;
      assert.deepEqual(off.map((l) => l.seq), [4, 8, 12, 16, 20, 24, 28, 32, 36, 40], "phrases only");
      const ended = log.history(reader(), true);
      assert.deepEqual(ended.map((h) => [h.channel, h.lines.length]), [["players", 30], ["spectators", 30]]);
      assert.deepEqual(log.history(reader({ role: "spectator" }), false).map((h) => [h.channel, h.lines[0].text]), [["spectators", "s11"]]);
    });
  });

  describe("ChatReceipts", () => {
    it("notes each line once, finds it by channel and seq", () => {
      const receipts = new ChatReceipts();
      const a = line({ seq: 1, at: 1 });
      receipts.note(a);
      receipts.note(a);
      assert.equal(receipts.find("players", 1), a);
      assert.equal(receipts.find("spectators", 1), null);
      assert.equal(receipts.find("players", 2), null);
      assert.deepEqual(receipts.last(10), [a]);
    });

    it("upTo: the line and the received lines said before it, oldest first, whatever order they came in", () => {
      const receipts = new ChatReceipts();
      const players = Array.from({ length: 15 }, (_, i) => line({ seq: i + 1, at: 10 * (i + 1) }));
      const spectators = Array.from({ length: 3 }, (_, i) => line({ channel: "spectators", seq: i + 1, at: 10 * (i + 1) + 5 }));
      for (const l of players) receipts.note(l);
      for (const l of spectators) receipts.note(l); // a backlog after the end: older lines, received later
      const context = receipts.upTo(players[4], 10);
      assert.deepEqual(context.map((l) => `${l.channel[0]}${l.seq}`), ["p1", "s1", "p2", "s2", "p3", "s3", "p4", "p5"]);
      assert.deepEqual(receipts.upTo(players[14], 3).map((l) => l.seq), [12, 13, 14, 15]);
      const sameTime = [line({ seq: 1, at: 5 }), line({ channel: "spectators", seq: 7, at: 5 }), line({ seq: 2, at: 5 })];
      const tied = new ChatReceipts();
      for (const l of [...sameTime].reverse()) tied.note(l);
      assert.deepEqual(tied.last(3).map((l) => `${l.channel[0]}${l.seq}`), ["p1", "p2", "s7"]);
    });

    it("remembers at most `keep` lines, the newest", () => {
      const receipts = new ChatReceipts(3);
      for (let i = 1; i <= 5; i++) receipts.note(line({ seq: i, at: i }));
      assert.equal(receipts.find("players", 2), null);
      assert.deepEqual(receipts.last(10).map((l) => l.seq), [3, 4, 5]);
    });
  });
});

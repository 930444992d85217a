import assert from "node:assert/strict";
import { ErrorCode } from "../protocol/errors";
import { activeGame, queueRefusal } from "../lobby/queueGate";
import { DEFAULT_PLAYBAN } from "../lobby/playban";
import { gameListing, type RoomListing } from "../rooms/gameListing";

const MIN = 60_000;
const NOW = 10 * 24 * 60 * MIN;
const seats = [
  { playerId: "alice", name: "Alice", rating: 1500 },
  { playerId: "bob", name: "Bob", rating: 1500 },
];
const listing = (status: string, roomId = "room-1"): RoomListing => ({ roomId, name: "tictactoe", createdAt: "1", metadata: gameListing("tictactoe", status, seats, true, 0) });

describe("the queue gate (pure)", () => {
  it("lets a player with no abandons and no game queue", () => {
    assert.equal(queueRefusal({ playerId: "alice", abandons: [], now: NOW, seated: undefined }), null);
    assert.equal(queueRefusal({ playerId: "alice", abandons: [NOW - MIN], now: NOW, seated: undefined }), null, "one abandon is free");
  });

  it("refuses during a cooldown, saying how many games, how long and until when", () => {
    const refusal = queueRefusal({ playerId: "alice", abandons: [NOW - 10 * MIN, NOW - 30_000], now: NOW, seated: undefined });
    assert.equal(refusal?.code, ErrorCode.QUEUE_COOLDOWN);
    // 2 min from the latest abandon, 30 s ago: 90 s left, shown as 2 min.
    const until = new Date(NOW - 30_000 + 2 * MIN).toISOString();
    assert.equal(refusal?.message, `You left 2 games unfinished recently, so you can queue again in 2 min (at ${until}).`);
  });

  it("follows the policy it is given", () => {
    const strict = { ...DEFAULT_PLAYBAN, freeAbandons: 0 };
    assert.equal(queueRefusal({ playerId: "alice", abandons: [NOW], now: NOW, seated: undefined }, strict)?.code, ErrorCode.QUEUE_COOLDOWN);
  });

  it("refuses a player seated in a game that is waiting or playing, naming the room", () => {
    for (const status of ["waiting", "playing"]) {
      const refusal = queueRefusal({ playerId: "bob", abandons: [], now: NOW, seated: listing(status) });
      assert.equal(refusal?.code, ErrorCode.ALREADY_IN_GAME, status);
      assert.match(refusal!.message, /room room-1/);
    }
  });

  it("the cooldown is told first when both apply", () => {
    const refusal = queueRefusal({ playerId: "alice", abandons: [NOW - 2, NOW - 1], now: NOW, seated: listing("playing") });
    assert.equal(refusal?.code, ErrorCode.QUEUE_COOLDOWN);
  });

  it("a game counts only while it is on, and only for its own players", () => {
    assert.equal(activeGame("alice", listing("playing")), "room-1");
    assert.equal(activeGame("alice", listing("waiting")), "room-1");
    assert.equal(activeGame("alice", listing("finished")), null);
    assert.equal(activeGame("alice", listing("aborted")), null);
    assert.equal(activeGame("carol", listing("playing")), null, "presence named a room the player is not in");
    assert.equal(activeGame("alice", undefined), null, "the room is gone (a process that died)");
  });

  it("a listing without the room's details yet does not count", () => {
    assert.equal(activeGame("alice", { roomId: "r", name: "rps", metadata: null }), null);
    assert.equal(activeGame("alice", { roomId: "r", name: "rps", metadata: { status: "playing" } }), null);
    assert.equal(activeGame("alice", { roomId: "r", name: "rps", metadata: { status: "playing", playerIds: "alice" as never } }), null);
  });
});

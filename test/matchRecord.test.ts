import assert from "node:assert/strict";
import { MatchRecord, type MatchTerms } from "../rooms/matchRecord";

const ann = { playerId: "ann", name: "Ann", rating: 1500 };
const ben = { playerId: "ben", name: "Ben", rating: 1600 };
const bot = { playerId: "bot", name: "Parlor Bot", rating: 1500, bot: true };
const terms = (over: Partial<MatchTerms> = {}): MatchTerms => ({ matchId: "m1", game: "tictactoe", seats: [ann, ben], rated: true, options: { size: 3 }, ...over });

describe("a match's record and its one result (pure)", () => {
  it("a win: players in seat order, the winner's id, moves timed from the start, the options played with", () => {
    const record = new MatchRecord<{ cell: number }>(terms());
    record.start(1000);
    record.move(0, { cell: 4 }, 1500);
    record.move(1, { cell: 0 }, 2200);
    assert.equal(record.ended, false);
    assert.deepEqual(record.end({ kind: "win", winner: 1, line: [0, 3, 6] }, "line", 3000), {
      matchId: "m1",
      game: "tictactoe",
      players: [
        { playerId: "ann", name: "Ann" },
        { playerId: "ben", name: "Ben" },
      ],
      winner: "ben",
      reason: "line",
      aborted: false,
      rated: true,
      moves: [
        { seat: 0, move: { cell: 4 }, at: 500 },
        { seat: 1, move: { cell: 0 }, at: 1200 },
      ],
      options: { size: 3 },
      startedAt: 1000,
      endedAt: 3000,
    });
    assert.equal(record.ended, true);
  });

  it("a draw has no winner and stays rated", () => {
    const result = new MatchRecord(terms()).end({ kind: "draw" }, "draw", 10);
    assert.equal(result?.winner, null);
    assert.equal(result?.rated, true);
    assert.equal(result?.aborted, false);
  });

  it("ends exactly once, whichever way comes first", () => {
    const record = new MatchRecord(terms());
    record.start(0);
    assert.equal(record.end({ kind: "win", winner: 0 }, "resign", 5)?.reason, "resign");
    assert.equal(record.end({ kind: "win", winner: 1 }, "timeout", 6), null);
    assert.equal(record.end(null, "shutdown", 7), null);
    assert.equal(record.ended, true);
  });

  it("an abort counts for nobody: no winner, never rated; one that never started lasted no time", () => {
    const result = new MatchRecord(terms()).end(null, "no_show", 9000);
    assert.equal(result?.aborted, true);
    assert.equal(result?.winner, null);
    assert.equal(result?.rated, false);
    assert.equal(result?.startedAt, 9000);
    assert.equal(result?.endedAt, 9000);
    assert.deepEqual(result?.moves, []);
  });

  it("a match with a bot, or one arranged unrated, is not rated", () => {
    assert.equal(new MatchRecord(terms({ seats: [ann, bot] })).end({ kind: "win", winner: 0 }, "line", 1)?.rated, false);
    assert.equal(new MatchRecord(terms({ rated: false })).end({ kind: "win", winner: 0 }, "line", 1)?.rated, false);
  });

  it("the result's moves are a copy: the record cannot be changed through it", () => {
    const record = new MatchRecord<number>(terms());
    record.move(0, 1, 0);
    const result = record.end({ kind: "draw" }, "draw", 1)!;
    result.moves[0].at = 99;
    result.moves.push({ seat: 1, move: 2, at: 3 });
    assert.equal(result.moves.length, 2);
    assert.equal(new MatchRecord(terms()).end(null, "crash", 0)?.moves.length, 0);
  });
});

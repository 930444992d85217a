import assert from "node:assert/strict";
import { RematchOffer, swappedSeats } from "../rooms/rematch";

const DEADLINE = 10_000;
const ann = { playerId: "ann", name: "Ann", rating: 1500 };
const ben = { playerId: "ben", name: "Ben", rating: 1600 };
const bot = { playerId: "bot", name: "Parlor Bot", rating: 1500, bot: true };

describe("the rematch offer (pure)", () => {
  it("agreed once both ask within the window", () => {
    const offer = new RematchOffer(DEADLINE, [false, false]);
    assert.equal(offer.ask(0, 1000, true), "waiting");
    assert.equal(offer.wants(0), true);
    assert.equal(offer.wants(1), false);
    assert.equal(offer.ask(1, DEADLINE, true), "agreed", "the deadline itself is within the window");
    assert.equal(offer.wants(1), true);
  });

  it("asking twice is still waiting for the other", () => {
    const offer = new RematchOffer(DEADLINE, [false, false]);
    assert.equal(offer.ask(1, 0, true), "waiting");
    assert.equal(offer.ask(1, 1, true), "waiting");
  });

  it("is closed after the deadline", () => {
    const offer = new RematchOffer(DEADLINE, [false, false]);
    assert.equal(offer.ask(0, 1000, true), "waiting");
    assert.equal(offer.ask(1, DEADLINE + 1, true), "closed");
    assert.equal(offer.wants(1), false);
  });

  it("is closed once the opponent has gone, and a player who left wants nothing", () => {
    const offer = new RematchOffer(DEADLINE, [false, false]);
    assert.equal(offer.ask(0, 0, true), "waiting");
    offer.withdraw(0);
    assert.equal(offer.wants(0), false);
    assert.equal(offer.ask(1, 1, false), "closed");
  });

  it("is agreed once only: a later ask is closed", () => {
    const offer = new RematchOffer(DEADLINE, [false, false]);
    offer.ask(0, 0, true);
    assert.equal(offer.ask(1, 0, true), "agreed");
    assert.equal(offer.ask(0, 1, true), "closed");
    assert.equal(offer.ask(1, 1, true), "closed");
  });

  it("a bot always wants it, and is always there", () => {
    const offer = new RematchOffer(DEADLINE, [true, false]);
    assert.equal(offer.wants(0), false, "until its opponent asks");
    assert.equal(offer.ask(1, 0, false), "agreed");
    assert.equal(offer.wants(0), true);
    assert.equal(new RematchOffer(DEADLINE, [false, true]).ask(0, DEADLINE + 1, false), "closed", "but not after the window");
  });
});

describe("the rematch's seats (pure)", () => {
  it("swaps the sides, each human at their rating now", () => {
    assert.deepEqual(swappedSeats([ann, ben], { ann: 1520, ben: 1580 }), [
      { ...ben, rating: 1580 },
      { ...ann, rating: 1520 },
    ]);
  });

  it("a bot keeps its rating; a human missing from `ratings` keeps theirs", () => {
    assert.deepEqual(swappedSeats([bot, ann], { bot: 9999 }), [ann, bot]);
  });

  it("copies the seats rather than handing back the same objects", () => {
    const seats = [ann, ben] as const;
    const [first, second] = swappedSeats(seats, {});
    assert.notEqual(first, ben);
    assert.notEqual(second, ann);
  });
});

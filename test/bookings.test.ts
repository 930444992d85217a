import assert from "node:assert/strict";
import { BOOKING_MEMORY_MS, Bookings } from "../lobby/bookings";

describe("lobby bookings", () => {
  it("a player booked at or after a check began is booked since then; before it, or never, is not", () => {
    const b = new Bookings();
    assert.equal(b.bookedSince("ann", 0), false, "never booked");
    b.mark(["ann", "bob"], 1000);
    assert.equal(b.bookedSince("ann", 1000), true, "booked the moment the check began");
    assert.equal(b.bookedSince("ann", 999), true);
    assert.equal(b.bookedSince("ann", 1001), false, "booked before the check began: presence holds it by then");
    assert.equal(b.bookedSince("bob", 500), true);
    assert.equal(b.bookedSince("cat", 500), false);
    b.mark(["ann"], 2000);
    assert.equal(b.bookedSince("ann", 1500), true, "the latest booking counts");
  });

  it("forgets bookings older than BOOKING_MEMORY_MS, and only those", () => {
    const b = new Bookings();
    b.mark(["ann"], 0);
    b.mark(["bob"], 10);
    b.forget(BOOKING_MEMORY_MS);
    assert.equal(b.bookedSince("ann", 0), true, "exactly BOOKING_MEMORY_MS old is kept");
    b.forget(BOOKING_MEMORY_MS + 5);
    assert.equal(b.bookedSince("ann", 0), false);
    assert.equal(b.bookedSince("bob", 0), true);
  });
});

import assert from "node:assert/strict";
import { botFillAt, dueForBot } from "../lobby/botFill";

describe("bot fill (pure)", () => {
  it("offers a bot botFillMs after the ticket was queued", () => {
    assert.equal(botFillAt({ since: 1000, botFill: true }, 20_000), 21_000);
    assert.equal(dueForBot({ since: 1000, botFill: true }, 20_000, 20_999), false);
    assert.equal(dueForBot({ since: 1000, botFill: true }, 20_000, 21_000), true);
  });

  it("never, when the player opted out or the server has bot fill off", () => {
    assert.equal(botFillAt({ since: 1000, botFill: false }, 20_000), null);
    assert.equal(botFillAt({ since: 1000, botFill: true }, 0), null);
    assert.equal(dueForBot({ since: 0, botFill: false }, 20_000, 1e12), false);
    assert.equal(dueForBot({ since: 0, botFill: true }, 0, 1e12), false);
  });
});

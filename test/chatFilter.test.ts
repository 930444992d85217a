import assert from "node:assert/strict";
import { filterChatText, maskProfanity } from "../rooms/chatFilter";

describe("chat filter: obscenity's English words masked, behind the operator's switch", () => {
  it("masks each matched word with as many * as it has characters, and leaves the rest", () => {
    assert.equal(maskProfanity("fuck you little bitch"), "**** you little *****");
    assert.equal(maskProfanity("you are a little fucker"), "you are a little ****er");
    assert.equal(maskProfanity("shit, again"), "****, again");
    assert.equal(maskProfanity("😀fuck😀"), "😀****😀");
  });

  it("catches look-alike letters through the recommended transformers", () => {
    const masked = maskProfanity("ʃ𝐟ʃὗƈｋ off");
    assert.ok(masked.startsWith("*"), masked);
    assert.ok(masked.endsWith(" off"), masked);
  });

  it("leaves innocent words that contain a bad one's letters", () => {
    for (const text of ["the pen is mightier than the sword", "grapes are yummy", "this song seems banal", "an assassin class", "Good game, well played"]) {
      assert.equal(maskProfanity(text), text);
    }
  });

  it("filterChatText masks only while the switch is on", () => {
    const filter = { enabled: true };
    assert.equal(filterChatText("oh shit", filter), "oh ****");
    filter.enabled = false;
    assert.equal(filterChatText("oh shit", filter), "oh shit");
    assert.equal(filterChatText("Good game", { enabled: true }), "Good game");
  });
});

import assert from "node:assert/strict";
import { CODE_ALPHABET, CODE_LENGTH, newPrivateCode, normalisePrivateCode } from "../lobby/privateCode";

describe("private codes (pure)", () => {
  it("asks its source for an index below the alphabet's length for each letter, and spells it", () => {
    const asked: number[] = [];
    const indices = [0, 30, 7, 15, 22];
    const code = newPrivateCode((n) => {
      asked.push(n);
      return indices[asked.length - 1];
    });
    assert.deepEqual(asked, Array(CODE_LENGTH).fill(CODE_ALPHABET.length));
    assert.equal(code, indices.map((i) => CODE_ALPHABET[i]).join(""));
    assert.equal(code, "A9HSZ");
  });

  it("by default draws from the cryptographic source: every letter shows up, and codes do not repeat", () => {
    const codes = Array.from({ length: 500 }, () => newPrivateCode());
    for (const code of codes) assert.match(code, /^[A-HJ-NP-Z2-9]{5}$/);
    const letters = new Set(codes.join(""));
    assert.equal(letters.size, CODE_ALPHABET.length, "2,500 letters cover all 31");
    // 500 codes out of 31^5 (28.6 million): one repeat has odds of 0.4%, two of 0.001%.
    assert.ok(new Set(codes).size >= codes.length - 1);
  });

  it("has no look-alikes, and reads lower case, spaces and dashes", () => {
    for (const c of "01OIL") assert.ok(!CODE_ALPHABET.includes(c), c);
    assert.equal(normalisePrivateCode("abc-de"), "ABCDE");
    assert.equal(normalisePrivateCode(" a b c d e "), "ABCDE");
  });
});

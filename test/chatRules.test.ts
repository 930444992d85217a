import assert from "node:assert/strict";
import { CHAT_MAX_CHARS, QUICK_PHRASE_KEYS, QUICK_PHRASES } from "../protocol/chat";
import { checkChatLine, normaliseChatText, RateWindow, waitWords } from "../rooms/chatRules";

const open = { chatOff: false, mutedUntil: null };

describe("chat rules: a line's own checks", () => {
  describe("normaliseChatText", () => {
    const cases: [string, string, string][] = [
      ["trims", "  hello  ", "hello"],
      ["one space for every run of white space, newlines and tabs too", "a \n\n b\tc\r\nd", "a b c d"],
      ["composes to NFC", "cafe\u0301", "caf\u00e9"],
      ["drops bidi overrides and isolates", "abc\u202edef\u2066g\u2069", "abcdefg"],
      ["drops zero-width characters, the BOM and soft hyphens", "a\u200bb\u200dc\ufeffd\u00ade", "abcde"],
      ["drops other control characters", "a\u0000b\u0007c\u009fd", "abcd"],
      ["keeps letters of any script and emoji", " Привет 世界 🎉 ", "Привет 世界 🎉"],
      ["an invisible character between spaces leaves one space", "a \u200b b", "a b"],
      ["nothing but white space and invisibles is empty", " \u200b\n\u202e\t ", ""],
    ];
    for (const [what, raw, shown] of cases) it(what, () => assert.equal(normaliseChatText(raw), shown));
  });

  describe("checkChatLine", () => {
    it("a quick phrase is its text, with its key", () => {
      for (const key of QUICK_PHRASE_KEYS) assert.deepEqual(checkChatLine({ phrase: key }, open, 0), { ok: true, text: QUICK_PHRASES[key], phrase: key });
      assert.equal(QUICK_PHRASES.gl, "Good luck");
      assert.equal(QUICK_PHRASES.rematch, "Rematch?");
    });

    it("free text is normalised; empty after that is BAD_MESSAGE", () => {
      assert.deepEqual(checkChatLine({ text: "  hi \n there " }, open, 0), { ok: true, text: "hi there", phrase: null });
      for (const text of ["", "   ", "\u200b\u202e"]) {
        const checked = checkChatLine({ text }, open, 0);
        assert.equal(checked.ok || checked.error.code, "BAD_MESSAGE", JSON.stringify(text));
      }
    });

    it(`at most ${CHAT_MAX_CHARS} characters after trimming, else CHAT_TOO_LONG`, () => {
      const longest = "x".repeat(CHAT_MAX_CHARS);
      assert.deepEqual(checkChatLine({ text: `   ${longest}   ` }, open, 0), { ok: true, text: longest, phrase: null });
      const checked = checkChatLine({ text: `${longest}y` }, open, 0);
      assert.ok(!checked.ok);
      assert.equal(checked.error.code, "CHAT_TOO_LONG");
      assert.match(checked.error.message, /at most 200 characters; this one has 201/);
    });

    it("chat off: phrases go, free text is CHAT_OFF", () => {
      const off = { chatOff: true, mutedUntil: null };
      assert.equal(checkChatLine({ phrase: "gg" }, off, 0).ok, true);
      const checked = checkChatLine({ text: "hello" }, off, 0);
      assert.ok(!checked.ok);
      assert.equal(checked.error.code, "CHAT_OFF");
    });

    it("the operator's mute refuses phrases and text alike until it ends, and says until when", () => {
      const muted = { chatOff: false, mutedUntil: Date.UTC(2030, 0, 1) };
      for (const send of [{ text: "hi" }, { phrase: "gl" as const }]) {
        const checked = checkChatLine(send, muted, Date.UTC(2029, 11, 31));
        assert.ok(!checked.ok);
        assert.equal(checked.error.code, "CHAT_MUTED");
        assert.match(checked.error.message, /2030-01-01T00:00:00.000Z/);
        assert.equal(checkChatLine(send, muted, Date.UTC(2030, 0, 1)).ok, true, "over at its end");
      }
    });
  });

  describe("RateWindow", () => {
    it("takes `limit` events in any window, then says when the oldest leaves it", () => {
      const window = new RateWindow(5, 10_000);
      for (let i = 0; i < 5; i++) assert.deepEqual(window.take("p", 1000 + i * 100), { ok: true });
      assert.deepEqual(window.take("p", 1500), { ok: false, retryAt: 11_000 });
      assert.deepEqual(window.take("p", 10_999), { ok: false, retryAt: 11_000 }, "refused attempts are not counted");
      assert.deepEqual(window.take("p", 11_000), { ok: true }, "sliding: the first has left");
      assert.deepEqual(window.take("p", 11_050), { ok: false, retryAt: 11_100 });
    });

    it("keys are independent", () => {
      const window = new RateWindow(1, 1000);
      assert.equal(window.take("a", 0).ok, true);
      assert.equal(window.take("b", 0).ok, true);
      assert.equal(window.take("a", 1).ok, false);
    });

    it("release takes back an event whose action failed", () => {
      const window = new RateWindow(2, 1000);
      window.take("a", 0);
      window.take("a", 5);
      assert.equal(window.take("a", 6).ok, false);
      window.release("a", 5);
      assert.equal(window.take("a", 6).ok, true);
      window.release("nobody", 6);
    });

    it("forgets quiet keys once it holds many, and still counts the busy ones", () => {
      const window = new RateWindow(1, 1000);
      for (let i = 0; i < 1100; i++) window.take(`quiet ${i}`, 0);
      window.take("busy", 5000);
      assert.equal(window.take("busy", 5001).ok, false);
      assert.equal((window as unknown as { times: Map<string, number[]> }).times.size, 1);
    });
  });

  it("waitWords rounds up, in seconds, then in minutes", () => {
    assert.equal(waitWords(1000, 0), "in 1 second");
    assert.equal(waitWords(9001, 0), "in 10 seconds");
    assert.equal(waitWords(0, 0), "in 1 second");
    assert.equal(waitWords(10 * 60_000, 0), "in 10 minutes");
  });
});

import assert from "node:assert/strict";
import { LocalPresence } from "@colyseus/core";
import { chatFilterFromEnv, readConfig } from "../base/config";
import { ChatFilterSwitch, filterChatText, maskProfanity } from "../rooms/chatFilter";
import { announceChatFilter, announceModeration, CHAT_FILTER_CHANNEL, CHAT_FILTER_KEY, followChat, followModeration, MODERATION_CHANNEL } from "../rooms/chatPresence";
import { sleep } from "./support/harness";

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
    const filter = new ChatFilterSwitch(true);
    assert.equal(filterChatText("oh shit", filter), "oh ****");
    filter.set(false);
    assert.equal(filterChatText("oh shit", filter), "oh shit");
  });

  it("CHAT_FILTER: on by default; on/off, 1/0, true/false, yes/no; anything else stops the start", () => {
    assert.equal(chatFilterFromEnv({}), true);
    assert.equal(chatFilterFromEnv({ CHAT_FILTER: "" }), true);
    for (const raw of ["on", "1", "true", "YES", " On "]) assert.equal(chatFilterFromEnv({ CHAT_FILTER: raw }), true, raw);
    for (const raw of ["off", "0", "false", "no", "OFF"]) assert.equal(chatFilterFromEnv({ CHAT_FILTER: raw }), false, raw);
    assert.throws(() => chatFilterFromEnv({ CHAT_FILTER: "sometimes" }), /CHAT_FILTER must be on or off, got "sometimes"/);
    assert.equal(readConfig({ CHAT_FILTER: "off" }).chatFilter, false);
    assert.equal(readConfig({}).chatFilter, true);
  });

  describe("following the presence channels", () => {
    it("starts from CHAT_FILTER, then follows every flip published on parlor:chat-filter", async () => {
      const presence = new LocalPresence();
      const filter = new ChatFilterSwitch(true);
      await followChat(presence, false, filter);
      assert.equal(filter.enabled, false, "the initial value");
      await followChat(presence, true, filter);
      assert.equal(filter.enabled, false, "following twice changes nothing");
      presence.publish(CHAT_FILTER_CHANNEL, { enabled: true });
      assert.equal(filter.enabled, true);
      presence.publish(CHAT_FILTER_CHANNEL, { enabled: "no" });
      presence.publish(CHAT_FILTER_CHANNEL, null);
      assert.equal(filter.enabled, true, "a malformed event is ignored");
    });

    it("announceChatFilter flips this process at once and leaves the value for one that follows later", async () => {
      const presence = new LocalPresence();
      const here = new ChatFilterSwitch(true);
      await announceChatFilter(presence, false, here);
      assert.equal(here.enabled, false);
      assert.equal(await presence.get(CHAT_FILTER_KEY), "off");
      const later = new ChatFilterSwitch(true);
      await followChat(presence, true, later);
      assert.equal(later.enabled, false, "the flipped value wins over CHAT_FILTER");
    });

    it("tells each following room of an operator action, until it stops following", async () => {
      const presence = new LocalPresence();
      const heard: string[][] = [[], []];
      const stops = await Promise.all(heard.map((list) => followModeration(presence, true, { playerChanged: (id) => list.push(id) })));
      await announceModeration(presence, "p1");
      presence.publish(MODERATION_CHANNEL, { playerId: 42 });
      stops[0]();
      presence.publish(MODERATION_CHANNEL, { playerId: "p2" });
      await sleep(5);
      assert.deepEqual(heard, [["p1"], ["p1", "p2"]]);
      assert.equal((presence as unknown as { subscriptions: { listenerCount(topic: string): number } }).subscriptions.listenerCount(MODERATION_CHANNEL), 1, "one subscription for the process");
    });
  });
});

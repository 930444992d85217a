import assert from "node:assert/strict";
import { LocalPresence } from "@colyseus/core";
import { MODERATION_CHANNEL } from "../rooms/auth";
import { followModeration } from "../rooms/chatModeration";
import { sleep } from "./support/harness";

describe("chat: following the operator's actions (parlor:moderation)", () => {
  it("tells each following room of an operator action, until it stops following; one subscription a process", async () => {
    const presence = new LocalPresence();
    const heard: string[][] = [[], []];
    const stops = await Promise.all(heard.map((list) => followModeration(presence, { playerChanged: (id: string) => list.push(id) })));
    presence.publish(MODERATION_CHANNEL, { playerId: "p1" });
    presence.publish(MODERATION_CHANNEL, { playerId: 42 });
    presence.publish(MODERATION_CHANNEL, null);
    stops[0]();
    presence.publish(MODERATION_CHANNEL, { playerId: "p2" });
    await sleep(5);
    assert.deepEqual(heard, [["p1"], ["p1", "p2"]], "malformed events are ignored");
    const subscriptions = (presence as unknown as { subscriptions: { listenerCount(topic: string): number } }).subscriptions;
    assert.equal(subscriptions.listenerCount(MODERATION_CHANNEL), 1);
  });
});

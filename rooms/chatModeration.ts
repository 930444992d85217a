import type { Presence } from "@colyseus/core";
import { log } from "../base/log";
import { MODERATION_CHANNEL } from "./auth";

/** What the admin API publishes on MODERATION_CHANNEL after any action on a player. */
export interface ModerationEvent {
  playerId: string;
}

/** A room's chat, told when the operator has acted on a player. */
export interface ModerationFollower {
  playerChanged(playerId: string): void;
}

interface Hub {
  followers: Set<ModerationFollower>;
  ready: Promise<void>;
}

// One subscription per process (per presence), fanned out to the rooms that follow, rather than one per room.
const hubs = new WeakMap<Presence, Hub>();

/** Tells `follower` of every operator action on a player, in any process, until the returned function is called. */
export async function followModeration(presence: Presence, follower: ModerationFollower): Promise<() => void> {
  const hub = hubOf(presence);
  hub.followers.add(follower);
  await hub.ready;
  return () => hub.followers.delete(follower);
}

function hubOf(presence: Presence): Hub {
  const known = hubs.get(presence);
  if (known) return known;
  const hub: Hub = { followers: new Set(), ready: Promise.resolve() };
  hub.ready = Promise.resolve(
    presence.subscribe(MODERATION_CHANNEL, (event: unknown) => {
      const playerId = (event as Partial<ModerationEvent> | null)?.playerId;
      if (typeof playerId !== "string") return;
      for (const follower of hub.followers) follower.playerChanged(playerId);
    }),
  ).then(
    () => undefined,
    (error) => {
      // The next room to be created tries again; the followers so far keep the mutes they read at join.
      if (hubs.get(presence) === hub) hubs.delete(presence);
      log.warn({ err: error }, "could not follow the operator's moderation events");
    },
  );
  hubs.set(presence, hub);
  return hub;
}

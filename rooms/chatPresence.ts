import type { Presence } from "@colyseus/core";
import { log } from "../base/log";
import { chatFilterSwitch, type ChatFilterSwitch } from "./chatFilter";

/** Published (`{ enabled }`) when the operator flips the chat filter, so that every process follows. */
export const CHAT_FILTER_CHANNEL = "parlor:chat-filter";
/** Presence key holding the switch as last flipped ("on" / "off"), for a process that starts following later. */
export const CHAT_FILTER_KEY = "parlor:chat-filter";
/** Published (`{ playerId }`) after any operator action on a player, so that rooms read the player again. */
export const MODERATION_CHANNEL = "parlor:moderation";

export interface ChatFilterEvent {
  enabled: boolean;
}

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

// One subscription to each channel per process (per presence), fanned out to the rooms that follow, rather than
// one per room.
const hubs = new WeakMap<Presence, Hub>();

/**
 * Makes this process follow the chat's presence channels, once: the filter switch takes the value last flipped in
 * the cluster (or `initialFilter`, CHAT_FILTER, if it never was) and then every flip. Safe to call again; the
 * server may call it at start, and every game room calls it when created.
 */
export function followChat(presence: Presence, initialFilter: boolean, filter: ChatFilterSwitch = chatFilterSwitch): Promise<void> {
  return hubOf(presence, initialFilter, filter).ready;
}

/** Tells `follower` of every operator action on a player until the returned function is called. */
export async function followModeration(presence: Presence, initialFilter: boolean, follower: ModerationFollower): Promise<() => void> {
  const hub = hubOf(presence, initialFilter, chatFilterSwitch);
  hub.followers.add(follower);
  await hub.ready;
  return () => hub.followers.delete(follower);
}

/** The admin API's flip: this process at once, then every process (and any that starts following later). */
export async function announceChatFilter(presence: Presence, enabled: boolean, filter: ChatFilterSwitch = chatFilterSwitch): Promise<void> {
  filter.set(enabled);
  await presence.set(CHAT_FILTER_KEY, enabled ? "on" : "off");
  const event: ChatFilterEvent = { enabled };
  await presence.publish(CHAT_FILTER_CHANNEL, event);
}

/** The moderation helper's note after an operator action, for every process's rooms. */
export async function announceModeration(presence: Presence, playerId: string): Promise<void> {
  const event: ModerationEvent = { playerId };
  await presence.publish(MODERATION_CHANNEL, event);
}

function hubOf(presence: Presence, initialFilter: boolean, filter: ChatFilterSwitch): Hub {
  let hub = hubs.get(presence);
  if (hub) return hub;
  const followers = new Set<ModerationFollower>();
  const ready = (async () => {
    await presence.subscribe(CHAT_FILTER_CHANNEL, (event: unknown) => {
      const enabled = (event as Partial<ChatFilterEvent> | null)?.enabled;
      if (typeof enabled === "boolean") filter.set(enabled);
    });
    await presence.subscribe(MODERATION_CHANNEL, (event: unknown) => {
      const playerId = (event as Partial<ModerationEvent> | null)?.playerId;
      if (typeof playerId !== "string") return;
      for (const follower of followers) follower.playerChanged(playerId);
    });
    const flipped = await presence.get(CHAT_FILTER_KEY);
    filter.set(flipped === "on" ? true : flipped === "off" ? false : initialFilter);
  })().catch((error) => {
    // The next room to be created tries again.
    if (hubs.get(presence) === hub) hubs.delete(presence);
    log.warn({ err: error }, "could not follow the chat's presence channels");
  });
  hubs.set(presence, (hub = { followers, ready }));
  return hub;
}

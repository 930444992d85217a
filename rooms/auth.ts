import { ServerError } from "@colyseus/core";
import { ErrorCode } from "../protocol/errors";
import { CLOSE_BANNED, CLOSE_SESSION_ENDED } from "../protocol/wire";
import { hashToken } from "../store/tokens";
import type { Store } from "../store/types";

export interface AuthData {
  playerId: string;
  name: string;
  /** The client's address as the HTTP front door saw it (TRUST_PROXY-aware), for per-address limits. */
  address?: string;
  /** Set only on seat reservations the server makes: the game room whose seat this is. */
  seatFor?: string;
}

/** Every join carries a guest token; a missing or unknown one is refused, and so is a banned player's. */
export async function authenticate(store: Store, token: string | undefined): Promise<AuthData> {
  if (!token) throw new ServerError(4401, `${ErrorCode.AUTH_REQUIRED}: sign in first (POST /api/guest) and join with the token.`);
  const player = await store.playerByToken(token);
  if (!player) throw new ServerError(4401, `${ErrorCode.AUTH_INVALID}: the token is unknown or has been revoked.`);
  if (player.bannedAt !== null) throw bannedError();
  return { playerId: player.id, name: player.name };
}

/** The refusal of every join by a banned player. */
export function bannedError(): ServerError {
  return new ServerError(CLOSE_BANNED, BANNED_REASON);
}

const BANNED_REASON = `${ErrorCode.BANNED}: this account has been banned by the operator.`;

/** Where the server announces ended sessions (their token hashes), so every process closes its sockets of them. */
export const SESSIONS_ENDED_CHANNEL = "parlor:sessions-ended";

/**
 * Where the admin API announces a ban or an unban, `{ playerId, banned }`: every process closes the banned player's
 * sockets with CLOSE_BANNED.
 */
export const BANS_CHANNEL = "parlor:bans";
/** Where the admin API announces any action on a player, `{ playerId }`, so that rooms read the player again. */
export const MODERATION_CHANNEL = "parlor:moderation";

interface Closable {
  leave(code?: number, reason?: string): void;
  ref: { once(event: "close", listener: () => void): unknown };
}

// This process's open room connections by the hash of the token they joined with, and by player. Rooms never ask
// the store again after a join, so a revoked session or a banned player is closed from here.
const connections = new Map<string, Set<Closable>>();
const playerConnections = new Map<string, Set<Closable>>();

/**
 * Bans this process heard of lately. A join whose token was checked just before a ban was announced finishes after
 * the announcement has closed the player's other sockets; it is closed as it is noted.
 */
const recentBans = new Map<string, number>();
const RECENT_BAN_MS = 60_000;

function note(map: Map<string, Set<Closable>>, key: string, client: Closable) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(client);
  client.ref.once("close", () => {
    set.delete(client);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
  });
}

/** Notes a connection that has joined a room with `token` as `playerId`, until its socket closes. */
export function trackSession(client: Closable, token: string | undefined, playerId?: string, now = Date.now()) {
  if (token) note(connections, hashToken(token), client);
  if (!playerId) return;
  note(playerConnections, playerId, client);
  const bannedAt = recentBans.get(playerId);
  if (bannedAt !== undefined && now - bannedAt < RECENT_BAN_MS) client.leave(CLOSE_BANNED, BANNED_REASON);
}

/** Closes every connection of this process of a player just banned; how many. */
export function closeBannedPlayer(playerId: string, now = Date.now()): number {
  for (const [id, at] of recentBans) if (now - at >= RECENT_BAN_MS) recentBans.delete(id);
  recentBans.set(playerId, now);
  let closed = 0;
  for (const client of playerConnections.get(playerId) ?? []) {
    client.leave(CLOSE_BANNED, BANNED_REASON);
    closed++;
  }
  return closed;
}

/** An unban: a join of that player from now on is not closed as one that raced the ban. */
export function forgetBan(playerId: string) {
  recentBans.delete(playerId);
}

/** Closes every connection of this process that joined with one of these (ended) tokens; how many. */
export function closeEndedSessions(tokenHashes: readonly string[]): number {
  let closed = 0;
  for (const hash of tokenHashes) {
    for (const client of connections.get(hash) ?? []) {
      client.leave(CLOSE_SESSION_ENDED, `${ErrorCode.AUTH_INVALID}: this session was signed out.`);
      closed++;
    }
    connections.delete(hash);
  }
  return closed;
}

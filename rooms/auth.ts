import { ServerError } from "@colyseus/core";
import { ErrorCode } from "../protocol/errors";
import { CLOSE_SESSION_ENDED } from "../protocol/wire";
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

/** Every join carries a guest token; a missing or unknown one is refused. */
export async function authenticate(store: Store, token: string | undefined): Promise<AuthData> {
  if (!token) throw new ServerError(4401, `${ErrorCode.AUTH_REQUIRED}: sign in first (POST /api/guest) and join with the token.`);
  const player = await store.playerByToken(token);
  if (!player) throw new ServerError(4401, `${ErrorCode.AUTH_INVALID}: the token is unknown or has been revoked.`);
  return { playerId: player.id, name: player.name };
}

/** Where the server announces ended sessions (their token hashes), so every process closes its sockets of them. */
export const SESSIONS_ENDED_CHANNEL = "parlor:sessions-ended";

interface Closable {
  leave(code?: number, reason?: string): void;
  ref: { once(event: "close", listener: () => void): unknown };
}

// This process's open room connections by the hash of the token they joined with. Rooms never ask the store
// again after a join, so a revoked session is closed from here.
const connections = new Map<string, Set<Closable>>();

/** Notes a connection that has joined a room with `token`, until its socket closes. */
export function trackSession(client: Closable, token: string | undefined) {
  if (!token) return;
  const hash = hashToken(token);
  let set = connections.get(hash);
  if (!set) connections.set(hash, (set = new Set()));
  set.add(client);
  client.ref.once("close", () => {
    set.delete(client);
    if (set.size === 0 && connections.get(hash) === set) connections.delete(hash);
  });
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

import { ServerError } from "@colyseus/core";
import { ErrorCode } from "../protocol/errors";
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

import type { Request, Response } from "express";
import { ErrorCode } from "../protocol/errors";
import type { Player, Store } from "../store/types";
import { bearerToken, fail } from "./apiAnswers";

/** The player whose token the request carries (`Authorization: Bearer`, as /api/me), or null with a 401 answered. */
export async function signedInPlayer(store: Store, req: Request, res: Response): Promise<Player | null> {
  const token = bearerToken(req);
  if (!token) return fail(res, 401, ErrorCode.AUTH_REQUIRED, "Send Authorization: Bearer <token>."), null;
  const player = await store.playerByToken(token);
  if (!player) return fail(res, 401, ErrorCode.AUTH_INVALID, "The token is unknown, expired or revoked: sign in again."), null;
  return player;
}

import { ErrorCode, gameError, type GameError } from "../protocol/errors";
import type { RoomListing } from "../rooms/gameListing";
import { DEFAULT_PLAYBAN, queueCooldown, type PlaybanPolicy } from "./playban";

/**
 * The room of a game `playerId` is seated in and that has not ended, or null. `seated` is the listing of the room
 * presence names for them: a room whose process died is gone from the listings, so it does not count.
 */
export function activeGame(playerId: string, seated: RoomListing | undefined): string | null {
  if (!seated?.metadata) return null;
  const { playerIds, status } = seated.metadata;
  return Array.isArray(playerIds) && playerIds.includes(playerId) && (status === "playing" || status === "waiting") ? seated.roomId : null;
}

export interface QueueGateInput {
  playerId: string;
  /** When the player abandoned games since `now - policy.windowMs`, from the store. */
  abandons: readonly number[];
  now: number;
  /** The listing of the room the player is noted as seated in, if any. */
  seated: RoomListing | undefined;
}

/** Why a player may not queue now (or join a private game), or null. */
export function queueRefusal({ playerId, abandons, now, seated }: QueueGateInput, policy: PlaybanPolicy = DEFAULT_PLAYBAN): GameError | null {
  const cooldown = queueCooldown(abandons, now, policy);
  if (cooldown) {
    const minutes = Math.ceil((cooldown.until - now) / 60_000);
    return gameError(
      ErrorCode.QUEUE_COOLDOWN,
      `You left ${abandons.length} games unfinished recently, so you can queue again in ${minutes} min (at ${new Date(cooldown.until).toISOString()}).`,
    );
  }
  const roomId = activeGame(playerId, seated);
  if (roomId) return gameError(ErrorCode.ALREADY_IN_GAME, `You are already in a game (room ${roomId}); finish or resign it first.`);
  return null;
}

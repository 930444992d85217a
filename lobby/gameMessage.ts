import type { z } from "zod";
import { GAME_NAMES, isGameName, type GameName } from "../games/registry";
import { ErrorCode, type GameError, gameError } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";

/** A message that names a game: its shape, then whether the server has that game (UNKNOWN_GAME). */
export function parseGameMessage<T extends { game: string }>(
  schema: z.ZodType<T>,
  payload: unknown,
): { ok: true; value: T & { game: GameName } } | { ok: false; error: GameError } {
  const parsed = parseMessage(schema, payload);
  if (!parsed.ok) return parsed;
  const { game } = parsed.value;
  if (!isGameName(game)) {
    const shown = JSON.stringify(game.length > 32 ? `${game.slice(0, 32)}…` : game);
    return { ok: false, error: gameError(ErrorCode.UNKNOWN_GAME, `There is no game ${shown}; the games are ${GAME_NAMES.join(", ")}.`) };
  }
  return { ok: true, value: parsed.value as T & { game: GameName } };
}

import type { z } from "zod";
import { ErrorCode, GameError, gameError } from "./errors";

/** Validates a client payload; range problems are OUT_OF_RANGE, all else BAD_MESSAGE. */
export function parseMessage<S extends z.ZodTypeAny>(
  schema: S,
  payload: unknown,
): { ok: true; value: z.output<S> } | { ok: false; error: GameError } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  const code = issue.code === "too_small" || issue.code === "too_big" ? ErrorCode.OUT_OF_RANGE : ErrorCode.BAD_MESSAGE;
  return { ok: false, error: gameError(code, `${where}${issue.message}`) };
}

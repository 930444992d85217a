import { z } from "zod";
import { parseMessage } from "../protocol/parseMessage";
import { validatePlayerName } from "../protocol/playerName";
import type { ModerationAction, Player, Report } from "../store/types";

/** The longest operator mute: a year. Longer is a ban. */
export const MUTE_MAX_MINUTES = 365 * 24 * 60;
/** The longest resolution an operator may write on a report. */
export const RESOLUTION_MAX = 500;

/** What the operator can do to a player, each a `POST /admin/api/players/:id/<kind>` with its JSON body. */
export const ACTION_KINDS = ["ban", "unban", "mute", "unmute", "rename"] as const satisfies readonly ModerationAction["kind"][];
export type ActionKind = (typeof ACTION_KINDS)[number];

const empty = z.object({}).strict();
const bodies = {
  ban: empty,
  unban: empty,
  unmute: empty,
  mute: z.object({ minutes: z.number().int().min(1).max(MUTE_MAX_MINUTES) }).strict(),
  // The length only bounds the work; the rule and its message are validatePlayerName's.
  rename: z.object({ name: z.string().max(200) }).strict(),
} satisfies Record<ActionKind, z.ZodTypeAny>;

/** The store's action for an operator's request body, or the sentence that says what is wrong with it. */
export function moderationAction(kind: ActionKind, body: unknown, now: number): { ok: true; action: ModerationAction } | { ok: false; message: string } {
  const parsed = parseMessage(bodies[kind], body ?? {});
  if (!parsed.ok) return { ok: false, message: parsed.error.message };
  switch (kind) {
    case "ban":
    case "unban":
    case "unmute":
      return { ok: true, action: { kind } };
    case "mute":
      return { ok: true, action: { kind, until: now + (parsed.value as { minutes: number }).minutes * 60_000 } };
    case "rename": {
      const name = validatePlayerName((parsed.value as { name: string }).name);
      return name.ok ? { ok: true, action: { kind, name: name.name } } : { ok: false, message: name.message };
    }
  }
}

/** A player as the operator sees them: who, and their moderation state. */
export interface AdminPlayerView {
  playerId: string;
  name: string;
  isBot: boolean;
  createdAt: number;
  /** A claimed account's username; null for a guest. */
  username: string | null;
  bannedAt: number | null;
  /** Null when not muted, or when the mute has run out. */
  chatMutedUntil: number | null;
}

export function adminPlayerView(player: Player, username: string | null, now: number): AdminPlayerView {
  const muted = player.chatMutedUntil !== null && player.chatMutedUntil > now;
  return {
    playerId: player.id,
    name: player.name,
    isBot: player.isBot,
    createdAt: player.createdAt,
    username,
    bannedAt: player.bannedAt,
    chatMutedUntil: muted ? player.chatMutedUntil : null,
  };
}

/** The players a lookup by name finds among reports: anyone reported or reporting under that shown name. */
export function namedInReports(reports: readonly Report[], name: string): string[] {
  const key = nameKey(name);
  const ids = new Set<string>();
  for (const r of reports) {
    if (nameKey(r.reportedName) === key) ids.add(r.reportedId);
    if (nameKey(r.reporterName) === key) ids.add(r.reporterId);
  }
  return [...ids];
}

const nameKey = (name: string) => name.trim().normalize("NFC").toLowerCase();

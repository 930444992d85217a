import crypto from "node:crypto";
import type { ChallengePolicy, ChatLine, ModerationAction, ModerationEntry, Player, Report, ReportReason } from "./types";

export const toModerationEntry = (row: { action: string | object; at: number | string }): ModerationEntry => ({
  action: typeof row.action === "string" ? JSON.parse(row.action) : row.action,
  at: Number(row.at),
});

/** A report's id: 128 random bits, hex; it names a report in the admin API. */
export function newReportId(): string {
  return crypto.randomBytes(16).toString("hex");
}

/**
 * The player as an operator's action leaves it; both stores write what this returns. Banning a banned player
 * keeps the first ban's time. The caller has validated a new name; here it is only stored (parameterised).
 */
export function moderatedPlayer(player: Player, action: ModerationAction, at: number): Player {
  switch (action?.kind) {
    case "ban":
      return { ...player, bannedAt: player.bannedAt ?? at };
    case "unban":
      return { ...player, bannedAt: null };
    case "mute":
      if (!Number.isFinite(action.until)) throw new Error("moderate: a mute needs an end time");
      return { ...player, chatMutedUntil: Math.round(action.until) };
    case "unmute":
      return { ...player, chatMutedUntil: null };
    case "rename":
      if (typeof action.name !== "string" || action.name === "") throw new Error("moderate: a rename needs a name");
      return { ...player, name: action.name };
    default:
      throw new Error(`moderate: unknown action ${JSON.stringify((action as { kind?: unknown })?.kind)}`);
  }
}

/** What the moderation log keeps of an action: the action, and for a rename the name it replaced. */
export function loggedAction(before: Player, action: ModerationAction): string {
  return JSON.stringify(action.kind === "rename" ? { ...action, previousName: before.name } : action);
}

/** A preferences row, as both stores read it (SQLite's 0/1 decoded first). */
export interface PreferencesRow { chat_off: boolean; challenges: ChallengePolicy }
export const DEFAULT_PREFERENCES = { chatOff: false, challenges: "everyone" as ChallengePolicy };

/** A reports row joined with both players' current names, as both stores read it (SQLite's JSON text decoded first). */
export interface ReportRow {
  id: string; reporter_id: string; reported_id: string; reason: ReportReason; note: string; room_id: string; match_id: string | null;
  lines: ChatLine[]; created_at: number; resolved_at: number | null; resolution: string | null; reporter_name: string; reported_name: string;
}

export const toReport = (row: ReportRow): Report => ({
  id: row.id,
  reporterId: row.reporter_id,
  reporterName: row.reporter_name,
  reportedId: row.reported_id,
  reportedName: row.reported_name,
  reason: row.reason,
  note: row.note,
  roomId: row.room_id,
  matchId: row.match_id,
  lines: row.lines,
  at: Number(row.created_at),
  resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
  resolution: row.resolution,
});

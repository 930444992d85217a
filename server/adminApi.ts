import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { log } from "../base/log";
import { CHAT_FILTER_CHANNEL } from "../base/chatFilterSwitch";
import { ErrorCode } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import { BANS_CHANNEL, MODERATION_CHANNEL } from "../rooms/auth";
import type { ModerationEntry, Player, Report, Store } from "../store/types";
import { fail, handle } from "./apiAnswers";
import { jsonErrors } from "./jsonErrors";
import { ACTION_KINDS, adminPlayerView, moderationAction, namedInReports, RESOLUTION_MAX, type AdminPlayerView } from "./moderation";
import { validateUsername } from "./username";

/** The largest body the admin API reads; the real ones are a few dozen bytes. */
export const ADMIN_BODY_LIMIT = "2kb";
/** How many of the newest reports a player lookup searches for reports against them and for shown names. */
const REPORTS_SCANNED = 500;
/** Reports against a player shown with it, newest first. */
const REPORTS_SHOWN = 20;
/** Players a lookup by name answers with at most. */
const LOOKUP_MAX = 20;

const idParam = z.string().min(1).max(64);
const reportsQuery = z.object({
  status: z.enum(["open", "all"], { errorMap: () => ({ message: "status must be open or all" }) }).default("open"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const lookupQuery = z.object({ name: z.string().trim().min(1).max(64) });
const resolveBody = z.object({ resolution: z.string().max(4 * RESOLUTION_MAX) }).strict();
const chatFilterBody = z.object({ enabled: z.boolean() }).strict();

/** A player lookup: the player, and the newest reports against them. */
export interface PlayerLookup {
  player: AdminPlayerView;
  reports: Report[];
  /** What the operator has done to the player, newest first (at most REPORTS_SHOWN). */
  history: ModerationEntry[];
}

export interface AdminRoutesOptions {
  store: Store;
  /** Tells every process (presence): `parlor:moderation`, `parlor:bans`, `parlor:chat-filter`. */
  publish(channel: string, payload: object): void;
  /** This process's chat filter switch; every process's follows `parlor:chat-filter`. */
  chatFilter: { enabled: boolean };
  now?: () => number;
}

/** Only JSON bodies, named as such: a form or a no-preflight fetch from another site cannot act as the operator. */
function jsonOnly(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
    return fail(res, 415, ErrorCode.BAD_REQUEST, "Send a JSON body with Content-Type: application/json.");
  }
  next();
}

/**
 * The operator's API under /admin/api, behind the monitor's password (server/app.ts mounts the check and a rate
 * limit in front of it): reports, player lookup, ban, mute, rename, and the chat filter switch. Every action on a
 * player goes through store.moderate, which writes the moderation log, and is then announced to every process.
 */
export function adminRoutes(options: AdminRoutesOptions): express.Router {
  const { store, publish, chatFilter } = options;
  const now = options.now ?? Date.now;
  const router = express.Router();
  router.use(jsonOnly, express.json({ limit: ADMIN_BODY_LIMIT, strict: true }));

  async function view(player: Player): Promise<AdminPlayerView> {
    return adminPlayerView(player, (await store.accountOf(player.id))?.username ?? null, now());
  }

  async function lookup(player: Player, recent?: Report[]): Promise<PlayerLookup> {
    const [shown, reports, history] = await Promise.all([
      view(player),
      recent ?? store.reports({ open: false, limit: REPORTS_SCANNED }),
      store.moderationLog(player.id, REPORTS_SHOWN),
    ]);
    return { player: shown, reports: reports.filter((r) => r.reportedId === player.id).slice(0, REPORTS_SHOWN), history };
  }

  router.get("/reports", handle(async (req, res) => {
    const q = parseMessage(reportsQuery, req.query);
    if (!q.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, q.error.message);
    const reports = await store.reports({ open: q.value.status === "open", limit: q.value.limit });
    // The reported players' state as it is now, once each, for the buttons beside each report.
    const reported = await Promise.all([...new Set(reports.map((r) => r.reportedId))].map((id) => store.getPlayer(id)));
    const views = await Promise.all(reported.filter((p): p is Player => p !== null).map(view));
    res.json({ reports, players: Object.fromEntries(views.map((v) => [v.playerId, v])) });
  }));

  router.post("/reports/:id/resolve", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const body = parseMessage(resolveBody, req.body);
    if (!body.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.error.message);
    const resolution = body.value.resolution.trim();
    if (resolution.length === 0) return fail(res, 400, ErrorCode.BAD_REQUEST, "Say how the report was resolved (resolution).");
    if ([...resolution].length > RESOLUTION_MAX) return fail(res, 400, ErrorCode.BAD_REQUEST, `resolution: at most ${RESOLUTION_MAX} characters.`);
    const at = now();
    if (!(await store.resolveReport(id.value, resolution, at))) return fail(res, 404, ErrorCode.NOT_FOUND, "No open report has that id.");
    log.info({ reportId: id.value }, "report resolved");
    res.json({ id: id.value, resolvedAt: at, resolution });
  }));

  router.get("/players/:id", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const player = await store.getPlayer(id.value);
    if (!player) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
    res.json(await lookup(player));
  }));

  // By id, by an account's username (case and look-alikes ignored), or by a shown name (now, or in recent reports).
  router.get("/players", handle(async (req, res) => {
    const q = parseMessage(lookupQuery, req.query);
    if (!q.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, q.error.message);
    const { name } = q.value;
    const recent = await store.reports({ open: false, limit: REPORTS_SCANNED });
    const username = validateUsername(name);
    const account = username.ok ? await store.accountByKey(username.key) : null;
    const shown = (await store.playersNamed(name, LOOKUP_MAX)).map((p) => p.id);
    const ids = [...new Set([name, ...(account ? [account.playerId] : []), ...shown, ...namedInReports(recent, name)])];
    const players = (await Promise.all(ids.slice(0, LOOKUP_MAX + 1).map((id) => store.getPlayer(id)))).filter((p): p is Player => p !== null);
    res.json({ players: await Promise.all(players.slice(0, LOOKUP_MAX).map((p) => lookup(p, recent))) });
  }));

  for (const kind of ACTION_KINDS) {
    router.post(`/players/:id/${kind}`, handle(async (req, res) => {
      const id = parseMessage(idParam, req.params.id);
      if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
      const at = now();
      const action = moderationAction(kind, req.body, at);
      if (!action.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, action.message);
      const target = await store.getPlayer(id.value);
      if (!target) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
      if (target.isBot) return fail(res, 400, ErrorCode.BAD_REQUEST, "Bots are the server's own players; they cannot be moderated.");
      const player = await store.moderate(target.id, action.action, at);
      if (!player) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
      log.info({ playerId: player.id, action: action.action }, "moderation action");
      // Rooms read the player again; a ban also closes the player's sockets in every process.
      publish(MODERATION_CHANNEL, { playerId: player.id });
      if (kind === "ban" || kind === "unban") publish(BANS_CHANNEL, { playerId: player.id, banned: kind === "ban" });
      res.json(await lookup(player));
    }));
  }

  router.get("/chat-filter", (_req, res) => {
    res.json({ enabled: chatFilter.enabled });
  });

  router.put("/chat-filter", (req, res) => {
    const body = parseMessage(chatFilterBody, req.body);
    if (!body.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.error.message);
    chatFilter.enabled = body.value.enabled;
    log.info({ enabled: body.value.enabled }, "chat filter switched");
    publish(CHAT_FILTER_CHANNEL, { enabled: body.value.enabled });
    res.json({ enabled: chatFilter.enabled });
  });

  router.use((_req, res) => fail(res, 404, ErrorCode.NOT_FOUND, "No such admin endpoint."));
  router.use(jsonErrors("admin"));
  return router;
}

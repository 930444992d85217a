import express, { type Request, type Response } from "express";
import { log } from "../base/log";
import { z } from "zod";
import { GAME_NAMES } from "../games/registry";
import { findChallenge } from "../lobby/LobbyRoom";
import { ErrorCode, type ErrorCode as Code } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import { validatePlayerName } from "../protocol/playerName";
import { playerRatings } from "../store/playerRatings";
import { shownRating } from "../store/rows";
import { hashToken } from "../store/tokens";
import type { GameStats, MatchCursor, Player, Store, StoredMatch } from "../store/types";
import { accountRoutes, type AccountRoutesOptions } from "./accountApi";
import { bearerToken, fail, handle } from "./apiAnswers";
import { deviceLabel } from "./deviceLabel";

const gameParam = z.enum(GAME_NAMES, { errorMap: () => ({ message: `game must be one of: ${GAME_NAMES.join(", ")}` }) });
const intParam = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const leaderboardQuery = z.object({ game: gameParam, limit: intParam(1, 100, 50), offset: intParam(0, 10_000_000, 0) });
const aroundQuery = z.object({ game: gameParam, radius: intParam(0, 50, 5) });
const historyQuery = z.object({ limit: intParam(1, 50, 20), before: z.string().min(1).max(200).optional() });
const idParam = z.string().min(1).max(64);

export function publicPlayer(player: Player) {
  return { playerId: player.id, name: player.name };
}

// One rounding rule at the edge: every rating people see is a whole number (store/rows.ts shownRating), as on
// the leaderboard. The store keeps full precision, which Glicko-2 needs.
const statsView = (s: GameStats) => ({ ...s, rating: shownRating(s.rating), deviation: Math.round(s.deviation) });
const matchView = (m: StoredMatch): StoredMatch => ({
  ...m,
  ratingChanges: Object.fromEntries(Object.entries(m.ratingChanges).map(([id, c]) => [id, { before: shownRating(c.before), after: shownRating(c.after) }])),
});

/** A history cursor is opaque to clients: the last match of a page, as base64url JSON. */
const encodeCursor = (c: MatchCursor) => Buffer.from(JSON.stringify([c.endedAt, c.matchId])).toString("base64url");
function decodeCursor(raw: string): MatchCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [endedAt, matchId] = value;
    if (!Number.isSafeInteger(endedAt) || endedAt < 0 || typeof matchId !== "string" || matchId.length > 64) return null;
    return { endedAt, matchId };
  } catch {
    return null;
  }
}

/** The JSON API under /api. Every bad parameter is a 400 with { code, message }. */
export function createApi(store: Store, accounts: Omit<AccountRoutesOptions, "store">): express.Router {
  const api = express.Router();
  api.use(express.json({ limit: "4kb" }));
  api.use("/account", accountRoutes({ store, ...accounts }));

  api.post("/guest", handle(async (req, res) => {
    const name = validatePlayerName(req.body?.name);
    if (!name.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, name.message);
    const guest = await store.createGuest(name.name, deviceLabel(req.headers["user-agent"]));
    res.status(201).json(guest);
  }));

  api.get("/me", handle(async (req, res) => {
    const token = bearerToken(req);
    if (!token) return fail(res, 401, ErrorCode.AUTH_REQUIRED, "Send Authorization: Bearer <token>.");
    const player = await store.playerByToken(token);
    if (!player) return fail(res, 401, ErrorCode.AUTH_INVALID, "The token is unknown, expired or revoked: sign in again.");
    // A banned or muted player is still told who they are, and why rooms refuse them (docs/protocol.md §1).
    res.json({ ...publicPlayer(player), bannedAt: player.bannedAt, chatMutedUntil: player.chatMutedUntil });
  }));

  // Ends the token at once, wherever it is next presented; a token that is already gone is no error.
  api.post("/logout", handle(async (req, res) => {
    const token = bearerToken(req);
    if (!token) return fail(res, 401, ErrorCode.AUTH_REQUIRED, "Send Authorization: Bearer <token>.");
    await store.revokeToken(token);
    accounts.onSessionsEnded([hashToken(token)]);
    res.status(204).end();
  }));

  api.get("/leaderboard", handle(async (req, res) => {
    const q = parseMessage(leaderboardQuery, req.query);
    if (!q.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, q.error.message);
    const { game, limit, offset } = q.value;
    res.json({ game, limit, offset, rows: await store.leaderboard(game, limit, offset) });
  }));

  api.get("/leaderboard/around/:playerId", handle(async (req, res) => {
    const q = parseMessage(aroundQuery, req.query);
    if (!q.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, q.error.message);
    const id = parseMessage(idParam, req.params.playerId);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `playerId: ${id.error.message}`);
    if (!(await store.getPlayer(id.value))) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
    const { game, radius } = q.value;
    const around = await store.leaderboardAround(id.value, game, radius);
    if (around) return res.json({ game, ...around });
    // Not on this board yet (no rated game): no rank, and the top of the board in its place.
    res.json({ game, me: null, rows: await store.leaderboard(game, 2 * radius + 1, 0) });
  }));

  api.get("/players/:id", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const profile = await store.profile(id.value);
    if (!profile) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
    const ratings = await playerRatings(store, profile.player.id, profile.stats);
    res.json({ ...publicPlayer(profile.player), isBot: profile.player.isBot, stats: profile.stats.map(statsView), ratings, recent: profile.recent.map(matchView) });
  }));

  api.get("/players/:id/matches", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const q = parseMessage(historyQuery, req.query);
    if (!q.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, q.error.message);
    const before = q.value.before === undefined ? undefined : decodeCursor(q.value.before);
    if (before === null) return fail(res, 400, ErrorCode.BAD_REQUEST, "before: not a cursor this server gave out (use `next` from the previous page).");
    if (!(await store.getPlayer(id.value))) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
    const page = await store.matchesOf(id.value, q.value.limit, before);
    res.json({ matches: page.matches.map(matchView), next: page.next ? encodeCursor(page.next) : null });
  }));

  api.get("/matches/:id", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const match = await store.getMatch(id.value);
    if (!match) return fail(res, 404, ErrorCode.NOT_FOUND, "No such match.");
    res.json(matchView(match));
  }));

  // The challenge link's page: who challenges whom to what. The id is the secret; anyone holding it may look.
  api.get("/challenges/:id", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    // The lobby may be in another process of a cluster, and that process may have just died.
    const challenge = await findChallenge(id.value).catch((err: unknown) => {
      log.warn({ err }, "could not ask the lobby for a challenge");
      return undefined;
    });
    if (challenge === undefined) return fail(res, 503, ErrorCode.UNAVAILABLE, "The lobby could not be reached; try again shortly.");
    if (!challenge) return fail(res, 404, ErrorCode.NOT_FOUND, "No open challenge has that id: it was answered, withdrawn or has expired.");
    res.json(challenge);
  }));

  api.use((_req, res) => fail(res, 404, ErrorCode.NOT_FOUND, "No such endpoint."));
  // Malformed JSON bodies (status 4xx from the body parser) and store failures land here.
  api.use((err: Error & { status?: number }, _req: Request, res: Response, _next: unknown) => {
    if (err.status && err.status < 500) return fail(res, err.status, ErrorCode.BAD_REQUEST, `Bad request: ${err.message}`);
    log.error({ err }, "API request failed");
    fail(res, 503, ErrorCode.UNAVAILABLE, "The server could not reach its database; try again shortly.");
  });
  return api;
}

import express, { type NextFunction, type Request, type Response } from "express";
import { log } from "../base/log";
import { z } from "zod";
import { GAME_NAMES } from "../games/registry";
import { ErrorCode, type ErrorCode as Code } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import { validatePlayerName } from "../store/playerName";
import type { Player, Store } from "../store/types";

const gameParam = z.enum(GAME_NAMES, { errorMap: () => ({ message: `game must be one of: ${GAME_NAMES.join(", ")}` }) });
const intParam = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const leaderboardQuery = z.object({ game: gameParam, limit: intParam(1, 100, 50), offset: intParam(0, 10_000_000, 0) });
const aroundQuery = z.object({ game: gameParam, radius: intParam(0, 50, 5) });
const idParam = z.string().min(1).max(64);

function fail(res: Response, status: number, code: Code, message: string) {
  res.status(status).json({ code, message });
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header && /^Bearer\s+(.+)$/i.exec(header);
  return match ? match[1].trim() : undefined;
}

/** Express 4 does not catch a rejected promise: pass it on to the error handler. */
function handle(fn: (req: Request, res: Response) => Promise<unknown>) {
  return (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);
}

export function publicPlayer(player: Player) {
  return { playerId: player.id, name: player.name };
}

/** The JSON API under /api. Every bad parameter is a 400 with { code, message }. */
export function createApi(store: Store): express.Router {
  const api = express.Router();
  api.use(express.json({ limit: "4kb" }));

  api.post("/guest", handle(async (req, res) => {
    const name = validatePlayerName(req.body?.name);
    if (!name.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, name.message);
    const guest = await store.createGuest(name.name);
    res.status(201).json(guest);
  }));

  api.get("/me", handle(async (req, res) => {
    const token = bearerToken(req);
    if (!token) return fail(res, 401, ErrorCode.AUTH_REQUIRED, "Send Authorization: Bearer <token>.");
    const player = await store.playerByToken(token);
    if (!player) return fail(res, 401, ErrorCode.AUTH_INVALID, "The token is unknown.");
    res.json(publicPlayer(player));
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
    const around = await store.leaderboardAround(id.value, q.value.game, q.value.radius);
    if (!around) return fail(res, 404, ErrorCode.NOT_FOUND, "That player has no games of this kind yet.");
    res.json({ game: q.value.game, ...around });
  }));

  api.get("/players/:id", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const profile = await store.profile(id.value);
    if (!profile) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
    res.json({ ...publicPlayer(profile.player), isBot: profile.player.isBot, stats: profile.stats, recent: profile.recent });
  }));

  api.get("/matches/:id", handle(async (req, res) => {
    const id = parseMessage(idParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const match = await store.getMatch(id.value);
    if (!match) return fail(res, 404, ErrorCode.NOT_FOUND, "No such match.");
    res.json(match);
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

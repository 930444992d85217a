import { getBearerToken, matchMaker } from "@colyseus/core";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { ErrorCode } from "../protocol/errors";
import type { FrontDoorContext } from "../rooms/ParlorRoom";
import type { Store } from "../store/types";
import { clientAddress, originAllowed } from "./access";
import type { Config } from "../base/config";
import { log } from "../base/log";

/** The largest body a seat request may carry. The real ones are `{}` or `{ spectate: true }`. */
export const MATCHMAKE_BODY_LIMIT = 2048;

/** The methods colyseus.js calls, each `POST /matchmake/<method>/<room name or id>`. */
const METHODS = new Set(["joinOrCreate", "create", "join", "joinById", "reconnect"]);
const BY_NAME = new Set(["joinOrCreate", "create", "join"]);

export interface MatchmakeOptions {
  config: Config;
  store: Store;
  isShuttingDown(): boolean;
  /** Room types no client may create or join by name: the game rooms, whose seats the lobby hands out. */
  gameRooms: ReadonlySet<string>;
}

/** A refusal answered before Colyseus sees the request: an HTTP status and `{ code, error }`, as colyseus.js reads it. */
class Refusal extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
  }
}

/**
 * Colyseus's HTTP matchmaking routes, behind the same guards as the rest of the server. Colyseus answers
 * `/matchmake` itself, before express, so app.ts hands every request to express and these routes call its
 * matchmaker: the origin allowlist (app-wide), a per-address rate limit, a small body cap, and a valid player token
 * for every method, checked before any seat is reserved. Refusals are logged once, at debug.
 */
export function matchmakeRoutes(options: MatchmakeOptions): express.Router {
  const { config, store } = options;
  const router = express.Router();

  router.use((req, res, next) => {
    // A browser on an allowed foreign origin (ALLOWED_ORIGINS) needs CORS; the app already refused any other origin.
    const origin = req.headers.origin;
    if (origin && originAllowed(origin, req.headers.host, config)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Allow-Credentials", "true");
      res.setHeader("Vary", "Origin");
    }
    if (req.method === "OPTIONS") {
      res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
      res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
      res.setHeader("Access-Control-Max-Age", "600");
      return void res.status(204).end();
    }
    next();
  });

  if (config.matchmakeRequestsPerMinute > 0) {
    router.use(
      rateLimit({
        windowMs: 60_000,
        limit: config.matchmakeRequestsPerMinute,
        standardHeaders: "draft-7",
        legacyHeaders: false,
        keyGenerator: (req) => clientAddress(req, config.trustProxy),
        handler: (req, res) => refuse(req, res, new Refusal(429, ErrorCode.RATE_LIMITED, "too many seat requests from this address; try again in a minute.")),
      }),
    );
  }

  router.post(
    "/:method/:room",
    (req, res, next) => {
      // Refused from its header alone, before a byte of the body is read.
      if (Number(req.headers["content-length"] ?? 0) > MATCHMAKE_BODY_LIMIT) {
        res.setHeader("Connection", "close");
        return refuse(req, res, tooLarge());
      }
      next();
    },
    express.json({ limit: MATCHMAKE_BODY_LIMIT, strict: true, type: () => true }),
    (req, res) => void seatRequest(req, res).catch((error) => answerError(req, res, error)),
  );

  router.use((req, res) => refuse(req, res, new Refusal(404, ErrorCode.NOT_FOUND, "use POST /matchmake/<method>/<room>.")));
  // Malformed or oversized bodies (from the body parser) land here.
  router.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (error.type === "entity.too.large") return refuse(req, res, tooLarge());
    if (error.status && error.status < 500) return refuse(req, res, new Refusal(400, ErrorCode.BAD_REQUEST, "the body must be a JSON object."));
    answerError(req, res, error);
  });

  async function seatRequest(req: Request, res: Response) {
    if (options.isShuttingDown()) throw new Refusal(503, ErrorCode.SERVER_SHUTTING_DOWN, "the server is restarting; try again in a moment.");
    const { method, room } = req.params;
    if (!METHODS.has(method)) throw new Refusal(404, ErrorCode.NOT_FOUND, `unknown method "${method}"; one of ${[...METHODS].join(", ")}.`);
    if (BY_NAME.has(method) && options.gameRooms.has(room)) {
      throw new Refusal(403, ErrorCode.SEAT_RESERVED, "game rooms are created by the lobby, not by clients; watch one with joinById(roomId, { spectate: true }).");
    }
    if (method === "create" && room === "lobby") throw new Refusal(403, ErrorCode.BAD_REQUEST, 'there is one lobby; join it with joinOrCreate("lobby").');
    const body = req.body as unknown;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Refusal(400, ErrorCode.BAD_REQUEST, "the body must be a JSON object.");

    const token: string | undefined = getBearerToken(req.headers.authorization ?? "") || undefined;
    if (!token) throw new Refusal(401, ErrorCode.AUTH_REQUIRED, "sign in first (POST /api/guest) and send Authorization: Bearer <token>.");
    const player = await store.playerByToken(token);
    if (!player) throw new Refusal(401, ErrorCode.AUTH_INVALID, "the token is unknown, expired or revoked.");
    const address = clientAddress(req, config.trustProxy);
    const context: FrontDoorContext = { token, headers: req.headers, ip: address, req, player: { playerId: player.id, name: player.name, address }, bannedAt: player.bannedAt };
    try {
      res.json(await matchMaker.controller.invokeMethod(method, room, body, context));
    } catch (error) {
      // Colyseus's own answers (no such room, room full, expired reconnection…) keep their shape and codes.
      const e = error as { code?: number; message?: string };
      log.debug({ method, room, code: e.code, reason: e.message }, "matchmake refused by Colyseus");
      res.json({ code: e.code, error: e.message });
    }
  }

  return router;
}

function tooLarge() {
  return new Refusal(413, ErrorCode.BAD_REQUEST, `the body is over ${MATCHMAKE_BODY_LIMIT} bytes.`);
}

function refuse(req: Request, res: Response, refusal: Refusal) {
  log.debug({ path: req.path, status: refusal.status, code: refusal.code }, "matchmake refused");
  if (!res.headersSent) res.status(refusal.status).json({ code: refusal.code, error: refusal.message });
}

function answerError(req: Request, res: Response, error: unknown) {
  if (error instanceof Refusal) return refuse(req, res, error);
  log.error({ err: error, path: req.path }, "matchmake request failed");
  if (!res.headersSent) res.status(503).json({ code: ErrorCode.UNAVAILABLE, error: `${ErrorCode.UNAVAILABLE}: the server could not take that request; try again shortly.` });
}

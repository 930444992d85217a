import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { z } from "zod";
import type { Config } from "../base/config";
import { ErrorCode } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import type { Player, ReportReason, Store } from "../store/types";
import { clientAddress } from "./access";
import { fail, handle } from "./apiAnswers";
import { jsonErrors } from "./jsonErrors";
import { signedInPlayer } from "./signedInPlayer";

export const REPORT_REASONS = ["abuse", "spam", "cheating", "name", "other"] as const satisfies readonly ReportReason[];
/** The longest note a reporter may add (store/types.ts NewReport). */
export const REPORT_NOTE_MAX = 500;
const TEN_MINUTES = 10 * 60_000;

const reportBody = z
  .object({
    playerId: z.string().min(1).max(64),
    reason: z.enum(REPORT_REASONS, { errorMap: () => ({ message: `reason must be one of: ${REPORT_REASONS.join(", ")}` }) }),
    note: z.string().max(4 * REPORT_NOTE_MAX).optional(),
  })
  .strict();

export interface ReportRoutesOptions {
  store: Store;
  config: Pick<Config, "reportsPer10Min" | "reportsPer10MinPerIp" | "trustProxy">;
  now?: () => number;
}

/**
 * POST /api/reports: a report from outside a game (a name, or a player seen on a profile), with no chat lines. Only
 * reports that are filed count against the limits, per reporter and per address; a report from inside a game
 * comes through the game room.
 */
export function reportRoutes(options: ReportRoutesOptions): express.Router {
  const { store, config } = options;
  const now = options.now ?? Date.now;
  const router = express.Router();

  const limited = (limit: number, key: (req: Request, res: Response) => string, whose: string) =>
    rateLimit({
      windowMs: TEN_MINUTES,
      limit: limit > 0 ? limit : Number.MAX_SAFE_INTEGER,
      skipFailedRequests: true,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      keyGenerator: key,
      handler: (req, res) => {
        const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const minutes = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 60_000)) : 10;
        fail(res, 429, ErrorCode.REPORT_LIMITED, `At most ${limit} reports in 10 minutes ${whose}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
      },
    });

  router.post(
    "/reports",
    limited(config.reportsPer10MinPerIp, (req) => `address:${clientAddress(req, config.trustProxy)}`, "from one address"),
    (req: Request, res: Response, next: NextFunction) =>
      void signedInPlayer(store, req, res)
        .then((player) => {
          if (!player) return;
          res.locals.reporter = player;
          next();
        })
        .catch(next),
    limited(config.reportsPer10Min, (_req, res) => `reporter:${(res.locals.reporter as Player).id}`, "from one player"),
    express.json({ limit: "4kb" }),
    handle(async (req, res) => {
      const reporter = res.locals.reporter as Player;
      const body = parseMessage(reportBody, req.body);
      if (!body.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.error.message);
      const note = (body.value.note ?? "").trim();
      if ([...note].length > REPORT_NOTE_MAX) return fail(res, 400, ErrorCode.BAD_REQUEST, `The note may be at most ${REPORT_NOTE_MAX} characters.`);
      if (reporter.bannedAt !== null) return fail(res, 403, ErrorCode.BANNED, "This account has been banned by the operator; it cannot file reports.");
      if (body.value.playerId === reporter.id) return fail(res, 400, ErrorCode.BAD_REQUEST, "You cannot report yourself.");
      const reported = await store.getPlayer(body.value.playerId);
      if (!reported) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
      if (reported.isBot) return fail(res, 400, ErrorCode.BAD_REQUEST, "Bots are the server's own players; they cannot be reported.");
      const id = await store.fileReport({
        reporterId: reporter.id,
        reportedId: reported.id,
        reason: body.value.reason,
        note,
        roomId: "",
        matchId: null,
        lines: [],
        at: now(),
      });
      res.status(201).json({ id });
    }),
  );

  router.use(jsonErrors("report"));
  return router;
}

import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { z } from "zod";
import type { Config } from "../base/config";
import { ErrorCode } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import { validatePlayerName } from "../protocol/playerName";
import type { AccountView, SessionView, SignInAnswer } from "../protocol/wire";
import type { Store, TokenSession } from "../store/types";
import { bearerToken, fail, handle } from "./apiAnswers";
import { deviceLabel } from "./deviceLabel";
import { checkPassword, hashPassword, PASSWORD_MAX, verifyPassword } from "./passwords";
import { usernameKey, validateUsername } from "./username";

export interface AccountRoutesOptions {
  store: Store;
  config: Pick<Config, "signinFailuresPer15Min">;
  /** Called with the token hashes of sessions just ended, so that their room connections are closed. */
  onSessionsEnded(tokenHashes: string[]): void;
  now?: () => number;
}

// Lengths here only bound the work; the rules (and their messages) are validateUsername and checkPassword.
const credentials = z.object({ username: z.string().max(200), password: z.string().max(4 * PASSWORD_MAX) }).strict();
const signup = z.object({ username: z.string().max(200), password: z.string().max(4 * PASSWORD_MAX), name: z.string().max(200).optional() }).strict();
const passwordChange = z.object({ currentPassword: z.string().max(4 * PASSWORD_MAX), newPassword: z.string().max(4 * PASSWORD_MAX) }).strict();
const sessionIdParam = z.string().min(1).max(64);

const FIFTEEN_MINUTES = 15 * 60_000;
const SIGNIN_FAILED_MESSAGE = "Wrong username or password.";

/**
 * Accounts under /api/account: a guest claims a username and password for their player (same id, ratings and
 * history), signs in with them on any device (a new session each time), lists and revokes sessions, and changes
 * the password, which ends every other session. The per-address limits on claim and sign-in sit in app.ts, with
 * sign-up's; the per-account limit on failures is here, where the body is parsed.
 */
export function accountRoutes(options: AccountRoutesOptions): express.Router {
  const { store, config, onSessionsEnded } = options;
  const now = options.now ?? Date.now;
  const router = express.Router();

  // Counts only failed attempts (any answer of 400 or more) per account, so a player who signs in is never held back.
  const failuresPerAccount = (key: (req: Request, res: Response) => string) =>
    rateLimit({
      windowMs: FIFTEEN_MINUTES,
      limit: config.signinFailuresPer15Min > 0 ? config.signinFailuresPer15Min : Number.MAX_SAFE_INTEGER,
      skipSuccessfulRequests: true,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      keyGenerator: key,
      handler: (_req, res) => fail(res, 429, ErrorCode.RATE_LIMITED, "Too many failed attempts for this account; try again in 15 minutes."),
    });

  /** The session the request's token is, or a 401 already answered. */
  async function signedIn(req: Request, res: Response): Promise<TokenSession | null> {
    const token = bearerToken(req);
    if (!token) return fail(res, 401, ErrorCode.AUTH_REQUIRED, "Send Authorization: Bearer <token>."), null;
    const session = await store.sessionByToken(token);
    if (!session) return fail(res, 401, ErrorCode.AUTH_INVALID, "The token is unknown, expired or revoked: sign in again."), null;
    return session;
  }

  /** A username and password by their rules, or null with the refusal already answered. */
  function checkedCredentials(res: Response, body: { username: string; password: string }) {
    const username = validateUsername(body.username);
    if (!username.ok) return fail(res, 400, ErrorCode.USERNAME_INVALID, username.message), null;
    const password = checkPassword(body.password);
    if (!password.ok) return fail(res, 400, ErrorCode.PASSWORD_INVALID, password.message), null;
    return { username, password: password.password };
  }

  router.post("/claim", handle(async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const body = parseMessage(credentials, req.body);
    if (!body.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.error.message);
    const checked = checkedCredentials(res, body.value);
    if (!checked) return;
    const { username, password } = checked;
    const { player } = session;
    if (await store.accountOf(player.id)) return fail(res, 409, ErrorCode.ALREADY_CLAIMED, "This player already has an account; sign in with it.");
    const claim = { playerId: player.id, username: username.username, usernameKey: username.key, passwordHash: await hashPassword(password) };
    const outcome = await store.claimAccount(claim, now());
    if (outcome === "taken") return fail(res, 409, ErrorCode.USERNAME_TAKEN, "That username (or one that looks the same) is taken; choose another.");
    if (outcome === "already-claimed") return fail(res, 409, ErrorCode.ALREADY_CLAIMED, "This player already has an account; sign in with it.");
    const view: AccountView = { playerId: player.id, name: player.name, username: username.username };
    res.status(201).json(view);
  }));

  // A new player with an account at once (what a guest who claims gets in two steps); its first session is this one.
  router.post("/signup", handle(async (req, res) => {
    const body = parseMessage(signup, req.body);
    if (!body.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.error.message);
    const checked = checkedCredentials(res, body.value);
    if (!checked) return;
    const { username, password } = checked;
    // The shown name is the username unless another is given (a username may hold a "." or be longer than a name).
    const name = validatePlayerName(body.value.name ?? username.username);
    if (!name.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.value.name === undefined ? `That username cannot be shown as a name; send a name too. ${name.message}` : name.message);
    const taken = () => fail(res, 409, ErrorCode.USERNAME_TAKEN, "That username (or one that looks the same) is taken; choose another.");
    if (await store.accountByKey(username.key)) return taken();
    const passwordHash = await hashPassword(password);
    const guest = await store.createGuest(name.name, deviceLabel(req.headers["user-agent"]));
    const outcome = await store.claimAccount({ playerId: guest.playerId, username: username.username, usernameKey: username.key, passwordHash }, now());
    // Taken meanwhile: the new player is never handed out (its token is dropped here and expires unused).
    if (outcome !== "claimed") {
      await store.revokeToken(guest.token);
      return taken();
    }
    const session = await store.sessionByToken(guest.token);
    if (!session) throw new Error("a session just made cannot be read back");
    const answer: SignInAnswer = { playerId: guest.playerId, name: guest.name, username: username.username, token: guest.token, sessionId: session.sessionId };
    res.status(201).json(answer);
  }));

  const signinKey = (req: Request) => {
    const raw: unknown = req.body?.username;
    return `signin:${typeof raw === "string" ? usernameKey(raw.trim().normalize("NFC").slice(0, 200)) : ""}`;
  };

  router.post("/signin", failuresPerAccount(signinKey), handle(async (req, res) => {
    const body = parseMessage(credentials, req.body);
    if (!body.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.error.message);
    const username = validateUsername(body.value.username);
    const account = username.ok ? await store.accountByKey(username.key) : null;
    // An unknown username is verified against a dummy hash: the same answer, in about the same time.
    const matches = await verifyPassword(account?.passwordHash ?? null, body.value.password);
    if (!account || !matches) return fail(res, 401, ErrorCode.SIGNIN_FAILED, SIGNIN_FAILED_MESSAGE);
    const player = await store.getPlayer(account.playerId);
    if (!player) return fail(res, 401, ErrorCode.SIGNIN_FAILED, SIGNIN_FAILED_MESSAGE);
    const { token, sessionId } = await store.createSession(player.id, deviceLabel(req.headers["user-agent"]));
    const answer: SignInAnswer = { playerId: player.id, name: player.name, username: account.username, token, sessionId };
    res.json(answer);
  }));

  router.get("/", handle(async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const account = await store.accountOf(session.player.id);
    res.json({ playerId: session.player.id, name: session.player.name, username: account?.username ?? null, sessionId: session.sessionId });
  }));

  // Authenticated first, so the failure limit can count per player.
  const playerOf = (res: Response) => `password:${(res.locals.session as TokenSession).player.id}`;
  router.post(
    "/password",
    (req: Request, res: Response, next: NextFunction) =>
      void signedIn(req, res)
        .then((session) => {
          if (!session) return;
          res.locals.session = session;
          next();
        })
        .catch(next),
    failuresPerAccount((_req, res) => playerOf(res)),
    handle(async (req, res) => {
      const session = res.locals.session as TokenSession;
      const body = parseMessage(passwordChange, req.body);
      if (!body.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, body.error.message);
      const account = await store.accountOf(session.player.id);
      if (!account) return fail(res, 403, ErrorCode.NOT_CLAIMED, "A guest has no password; claim an account first (POST /api/account/claim).");
      const password = checkPassword(body.value.newPassword);
      if (!password.ok) return fail(res, 400, ErrorCode.PASSWORD_INVALID, password.message);
      if (!(await verifyPassword(account.passwordHash, body.value.currentPassword))) return fail(res, 403, ErrorCode.WRONG_PASSWORD, "The current password is wrong.");
      const ended = await store.changePassword(session.player.id, await hashPassword(password.password), session.sessionId, now());
      onSessionsEnded(ended);
      res.json({ endedSessions: ended.length });
    }),
  );

  router.get("/sessions", handle(async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const sessions: SessionView[] = (await store.sessionsOf(session.player.id)).map((s) => ({ ...s, current: s.sessionId === session.sessionId }));
    res.json({ sessions });
  }));

  router.delete("/sessions/:id", handle(async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const id = parseMessage(sessionIdParam, req.params.id);
    if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `id: ${id.error.message}`);
    const ended = await store.revokeSession(session.player.id, id.value);
    if (!ended) return fail(res, 404, ErrorCode.SESSION_NOT_FOUND, "You have no session with that id.");
    onSessionsEnded([ended]);
    res.status(204).end();
  }));

  return router;
}

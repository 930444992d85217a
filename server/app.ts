import crypto from "node:crypto";
import http from "node:http";
import { LocalPresence, matchMaker, Server, type Presence } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { monitor } from "@colyseus/monitor";
import express from "express";
import basicAuth from "express-basic-auth";
import { rateLimit } from "express-rate-limit";
import type { WebSocketServer } from "ws";
import { GAME_NAMES, GAMES, type GameName } from "../games/registry";
import { LobbyRoom } from "../lobby/LobbyRoom";
import { ErrorCode } from "../protocol/errors";
import { createMatch, type MatchOptions } from "../rooms/createMatch";
import { systemClock, type Clock, type RoomDeps, type SeatSpec } from "../rooms/deps";
import { isShuttingDown, setShuttingDown } from "../rooms/ParlorRoom";
import { GameRoom } from "../rooms/GameRoom";
import { BANS_CHANNEL, closeBannedPlayer, closeEndedSessions, forgetBan, MODERATION_CHANNEL, SESSIONS_ENDED_CHANNEL } from "../rooms/auth";
import { openStore } from "../store/open";
import type { MatchResult, RecordOutcome, Store } from "../store/types";
import { clientAssets } from "./clientAssets";
import { CLIENT_DIST } from "./clientBuild";
import { distributedPieces, ensureLobby, matchGrant } from "./cluster";
import { clientAddress, ConnectionCounter, originAllowed } from "./access";
import { createApi } from "./api";
import { matchmakeRoutes } from "./matchmake";
import { readConfig, type Config } from "../base/config";
import { colyseusLogger } from "./colyseusLogger";
import { log } from "../base/log";
import { metrics, monitorLoopDelay, registry } from "../base/metrics";
import { securityHeaders } from "./securityHeaders";
import { startHeartbeat } from "./heartbeat";
import { adminRoutes } from "./adminApi";
import { CHAT_FILTER_CHANNEL, chatFilterSwitch } from "../base/chatFilterSwitch";
import { moderationPage } from "./moderationPage";
import { preferencesRoutes } from "./preferencesApi";
import { reportRoutes } from "./reportApi";
import { startReportSweep } from "./reportRetention";

/** As the transport's own heartbeat: closed after 2 unanswered pings (the interval is WS_PING_SECONDS, 3 s by default). */
const HEARTBEAT_MAX_RETRIES = 2;

export interface ParlorOptions {
  config?: Partial<Config>;
  clock?: Clock;
  random?: () => number;
  /** Called after each result reaches the store; tests count calls here. */
  onResult?: (result: MatchResult, outcome: RecordOutcome) => void;
  /** The built browser client to serve; client/dist unless a test brings its own. */
  clientDist?: string;
}

export interface ParlorServer {
  config: Config;
  store: Store;
  gameServer: Server;
  httpServer: http.Server;
  port: number;
  monitorPassword: string;
  /** Creates a game room and reserves both seats, as the lobby does. */
  createMatch(game: GameName, players: [SeatSpec, SeatSpec], options: MatchOptions): ReturnType<typeof createMatch>;
  /** Runs the report retention sweep now (it also runs at start and hourly): deletes reports resolved more than REPORT_RETENTION_DAYS before `at`. */
  sweepReports(at?: number): Promise<number>;
  /** Graceful shutdown: stop joins, tell clients, abort running games, close the database. */
  close(): Promise<void>;
}

/** Builds and starts the whole server: HTTP API, monitor, metrics, WebSocket rooms, on one port. */
export async function startParlor(options: ParlorOptions = {}): Promise<ParlorServer> {
  const config: Config = { ...readConfig(), ...options.config };
  monitorLoopDelay();
  const store = await openStore(config);
  const monitorPassword = config.monitorPassword ?? crypto.randomBytes(12).toString("base64url");
  let shuttingDown = false;
  setShuttingDown(false);
  // Games that were running when the process last died are recorded as aborted (reason "crash").
  const recovered = await store.recoverInterrupted(Date.now());
  if (recovered > 0) log.warn({ recovered }, "recorded games interrupted by the last stop as aborted");

  const { presence, driver } = distributedPieces(config);
  // What rooms and the admin API talk over: Redis in a cluster, else this process's own (Colyseus's default).
  const bus: Presence = presence ?? new LocalPresence();
  const clock = options.clock ?? systemClock;
  const pendingWrites = new Set<Promise<void>>();
  const deps: RoomDeps = {
    store,
    config,
    clock,
    random: options.random ?? Math.random,
    grant: await matchGrant(presence),
    recordResult(result) {
      // Tracked, so that shutdown closes the store only after every result handed to it is written.
      const write = store.recordResult(result).then((outcome) => {
        options.onResult?.(result, outcome);
        return outcome;
      });
      const settled = write.then(() => undefined, () => undefined);
      pendingWrites.add(settled);
      void settled.then(() => pendingWrites.delete(settled));
      return write;
    },
  };

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.use(securityHeaders(config));
  app.use((req, res, next) => {
    if (originAllowed(req.headers.origin, req.headers.host, config)) return next();
    res.status(403).json({ code: ErrorCode.ORIGIN_NOT_ALLOWED, message: `Origin ${req.headers.origin} is not allowed; see ALLOWED_ORIGINS.` });
  });

  app.get("/healthz", (_req, res) => {
    res.status(shuttingDown ? 503 : 200).json({ status: shuttingDown ? "shutting_down" : "ok" });
  });

  const limited = (limit: number, windowMs: number, what: string) =>
    rateLimit({
      windowMs,
      limit: limit > 0 ? limit : Number.MAX_SAFE_INTEGER,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      keyGenerator: (req) => clientAddress(req, config.trustProxy),
      handler: (_req, res) => res.status(429).json({ code: ErrorCode.RATE_LIMITED, message: `Too many ${what}; try again later.` }),
    });
  // What a client needs to know before playing: the games, and how long a dropped player may take to return.
  app.get("/api/info", (_req, res) => {
    res.json({ games: GAME_NAMES, reconnectGraceMs: config.graceMs, now: Date.now() });
  });

  // Colyseus's seat requests (colyseus.js POSTs here), behind the same origin check as everything else.
  app.use(`/${matchMaker.controller.matchmakeRoute}`, matchmakeRoutes({ config, store, isShuttingDown, gameRooms: new Set(GAME_NAMES) }));

  app.post("/api/guest", limited(config.signupsPerHour, 60 * 60_000, "sign-ups from this address"));
  app.post("/api/account/claim", limited(config.signupsPerHour, 60 * 60_000, "account claims from this address"));
  app.post("/api/account/signup", limited(config.signupsPerHour, 60 * 60_000, "sign-ups from this address"));
  app.post("/api/account/signin", limited(config.signinsPer15MinPerIp, 15 * 60_000, "sign-in attempts from this address"));
  // A session ended anywhere (logout, revoke, password change) closes its room connections in every process.
  // A lone process (no shared presence) closes them itself.
  await presence?.subscribe(SESSIONS_ENDED_CHANNEL, (hashes: string[]) => closeEndedSessions(hashes));
  const onSessionsEnded = (hashes: string[]) => {
    if (hashes.length === 0) return;
    if (!presence) return void closeEndedSessions(hashes);
    void Promise.resolve(presence.publish(SESSIONS_ENDED_CHANNEL, hashes)).catch((err) => log.warn({ err }, "could not announce ended sessions"));
  };
  const now = () => clock.now();
  const publish = (channel: string, payload: object) =>
    void Promise.resolve(bus.publish(channel, payload)).catch((err) => log.warn({ err, channel }, "could not announce a change to a player"));
  app.use(
    "/api",
    limited(config.apiRequestsPerMinute, 60_000, "requests"),
    // A change of chat off or mutes reaches the rooms the player is in now, in every process.
    preferencesRoutes({ store, now, onChanged: (playerId) => publish(MODERATION_CHANNEL, { playerId }) }),
    reportRoutes({ store, config, now }),
    createApi(store, { config, onSessionsEnded }),
  );

  // Moderation: a ban closes the player's sockets in every process; the chat filter switch follows the admin API.
  chatFilterSwitch.enabled = config.chatFilter;
  await bus.subscribe(BANS_CHANNEL, (event: { playerId?: unknown; banned?: unknown }) => {
    if (typeof event?.playerId !== "string") return;
    if (event.banned === true) closeBannedPlayer(event.playerId);
    else forgetBan(event.playerId);
  });
  await bus.subscribe(CHAT_FILTER_CHANNEL, (event: { enabled?: unknown }) => {
    if (typeof event?.enabled === "boolean") chatFilterSwitch.enabled = event.enabled;
  });
  const admin = basicAuth({ users: { admin: monitorPassword }, challenge: true, realm: "Parlor admin" });
  // Limited before the password is checked, so that it cannot be guessed at speed either.
  app.use(
    "/admin/api",
    limited(config.adminRequestsPerMinute, 60_000, "admin requests from this address"),
    admin,
    adminRoutes({ store, publish, chatFilter: chatFilterSwitch, now }),
  );
  app.use("/monitor/moderation", admin, moderationPage());
  app.use(
    "/monitor",
    admin,
    monitor({
      columns: ["roomId", "name", "clients", { metadata: "game" }, { metadata: "players" }, { metadata: "status" }, { metadata: "spectators" }, "elapsedTime"],
    }),
  );
  app.get("/metrics", admin, async (_req, res) => {
    metrics.ccu.set(matchMaker.stats.local.ccu);
    const rooms = await matchMaker.query({});
    metrics.rooms.reset();
    for (const room of rooms) if (room.processId === matchMaker.processId) metrics.rooms.inc({ room: room.name });
    res.type(registry.contentType).send(await registry.metrics());
  });

  // The browser client (client/dist, built by `npm start`), compressed, at its files and its own addresses.
  app.use(clientAssets(options.clientDist ?? CLIENT_DIST));

  const httpServer = http.createServer(app);
  const connections = new ConnectionCounter(config.maxConnectionsPerIp);
  const transport = new WebSocketTransport({
    server: httpServer,
    maxPayload: config.maxPayloadBytes,
    // Its own heartbeat pings every client at once; startHeartbeat below spreads the same pings over the interval.
    pingInterval: 0,
    verifyClient: (info, done) => {
      if (!originAllowed(info.origin || undefined, info.req.headers.host, config)) return done(false, 403, "Origin not allowed");
      if (!connections.allows(clientAddress(info.req, config.trustProxy))) return done(false, 429, "Too many connections from this address");
      done(true);
    },
  });
  const { wss } = transport as unknown as { wss: WebSocketServer };
  const stopHeartbeat = config.wsPingMs > 0 ? startHeartbeat(wss, config.wsPingMs, HEARTBEAT_MAX_RETRIES) : () => {};
  wss.on("connection", (socket, req) => {
    const address = clientAddress(req, config.trustProxy);
    connections.opened(address);
    socket.once("close", () => connections.closed(address));
  });

  const gameServer = new Server({ transport, presence: bus, driver, publicAddress: config.publicAddress, gracefullyShutdown: false, greet: false, logger: colyseusLogger(log) });
  // Colyseus has just put its own /matchmake handler in front of express, outside every guard; express answers
  // every request instead, /matchmake included (matchmakeRoutes above).
  httpServer.removeAllListeners("request");
  httpServer.on("request", app);
  // Handler options override client options, so no client can replace `deps`.
  // Every registered game is the shared GameRoom plus its definition. Handler options override client options,
  // so no client can replace `deps` or `game`.
  for (const game of Object.values(GAMES)) gameServer.define(game.name, GameRoom, { deps, game } as never);
  gameServer.define("lobby", LobbyRoom, { deps });

  await gameServer.listen(config.port, config.host);
  await ensureLobby(presence);
  const reportSweep = startReportSweep(store, config.reportRetentionDays, now);
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      shuttingDown = true;
      setShuttingDown(true);
      stopHeartbeat();
      await gameServer.gracefullyShutdown(false);
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await Promise.all(pendingWrites);
      await reportSweep.stop();
      await store.close();
    })());

  return {
    config,
    store,
    gameServer,
    httpServer,
    port,
    monitorPassword,
    createMatch: (game, players, matchOptions) => createMatch(deps, game, players, matchOptions),
    sweepReports: (at) => reportSweep.run(at),
    close,
  };
}

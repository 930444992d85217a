import os from "node:os";
import path from "node:path";
import { GAMES, type GameName } from "../games/registry";

/** One game's settings: its clock and the options its rules are played with (each game declares its env names). */
export interface GameConfig {
  turnMs: number;
  ruleOptions: Record<string, number>;
}

// All configuration, read once from env. docs/operations.md lists every variable.
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  monitorPassword: string | undefined;
  /** Per game: its clock (per move, or per round in RPS) and its rule options, from the env names its definition declares. */
  games: Record<GameName, GameConfig>;
  /** How long a dropped player keeps their seat. */
  graceMs: number;
  /** How long both players have to ask for a rematch after a game ends. */
  rematchMs: number;
  /** How long a reserved seat waits for its player before the match is aborted. */
  noShowMs: number;
  /** How long a server bot thinks before it moves, as [min, max]. */
  botThinkMs: [number, number];
  /** After this long in a queue, a player is paired with a server bot. 0 turns bot fill off. */
  botFillMs: number;
  /** Tic-tac-toe bot: the chance of playing a minimax-best move rather than a random one (0..1). */
  botStrength: number;
  /** How often the lobby runs pairing over the waiting tickets (at most 250 ms). */
  pairingIntervalMs: number;
  /** How long a private game's code stays valid. */
  privateCodeMs: number;
  /** Failed `private:join` attempts (codes that open no game) per minute per player, and per address; 0 is unlimited. */
  privateJoinFailuresPerMinute: number;
  privateJoinFailuresPerMinutePerIp: number;
  /** How long a challenge stays open unanswered. */
  challengeMs: number;
  /** Open challenges one player may have sent at once. */
  challengesOpenMax: number;
  /** After a decline, the wait before challenging that player again; it doubles per decline in 24 h, up to the max. */
  challengeBackoffBaseMs: number;
  challengeBackoffMaxMs: number;
  logLevel: string;
  /** Browser origins allowed besides the server's own (and localhost outside production). */
  allowedOrigins: string[];
  production: boolean;
  /** Take the client address from X-Forwarded-For / X-Real-IP (only behind a proxy you run). */
  trustProxy: boolean;
  /** Open WebSockets per client address; 0 is unlimited. */
  maxConnectionsPerIp: number;
  /** Requests per minute per address on /api; 0 is unlimited. */
  apiRequestsPerMinute: number;
  /** Guest sign-ups (and account claims) per hour per address; 0 is unlimited. */
  signupsPerHour: number;
  /** Sign-in attempts per address per 15 minutes, successful or not; 0 is unlimited. */
  signinsPer15MinPerIp: number;
  /** Failed sign-ins (and wrong current passwords) per account per 15 minutes; 0 is unlimited. */
  signinFailuresPer15Min: number;
  /** Requests per minute per address on /matchmake (seat reservations); 0 is unlimited. */
  matchmakeRequestsPerMinute: number;
  /** Messages per second one client may send to a room before RATE_LIMITED. */
  messagesPerSecond: number;
  /** Largest WebSocket frame a client may send, in bytes. */
  maxPayloadBytes: number;
  /** How often the server pings each WebSocket; a socket that misses two pings in a row is closed. */
  wsPingMs: number;
  /** How long shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** With a Redis URL, processes share rooms and matchmaking through RedisPresence and RedisDriver. */
  redisUrl: string | undefined;
  /** host[:port][/path] where clients reach this process's rooms, when it is one of several. */
  publicAddress: string | undefined;
  /** postgres://… selects the PostgreSQL store; unset, the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** This process's name in a shared database: it recovers only the games it noted itself after a crash. */
  instanceId: string;
  /** A guest token expires this long after its last use (sliding); 0 never expires. */
  tokenTtlDays: number;

  // --- Moderation (server/adminApi.ts, server/reportApi.ts, server/reportRetention.ts) ---
  /** Resolved reports, with the chat lines they hold, are deleted this many days after being resolved. */
  reportRetentionDays: number;
  /** Reports one player may file in 10 minutes; 0 is unlimited. */
  reportsPer10Min: number;
  /** Reports filed from one address in 10 minutes (all its players together); 0 is unlimited. */
  reportsPer10MinPerIp: number;
  /** Requests per minute per address on /admin/api, counted before the password check; 0 is unlimited. */
  adminRequestsPerMinute: number;
  /** The chat's profanity filter at start; the admin API switches it at run time (base/chatFilterSwitch.ts). */
  chatFilter: boolean;
  // --- end of moderation ---
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** On unless set to 0, false, off or no. */
function switchFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "on", "yes"].includes(raw)) return true;
  if (["0", "false", "off", "no"].includes(raw)) return false;
  throw new Error(`${name} must be on or off (1/0, true/false), got "${env[name]}"`);
}

function readGameConfig(env: NodeJS.ProcessEnv): Record<GameName, GameConfig> {
  const entries = Object.values(GAMES).map((game) => {
    const ruleOptions = Object.fromEntries(Object.entries(game.ruleOptions).map(([key, setting]) => [key, numberFromEnv(env, setting.env, setting.default)]));
    return [game.name, { turnMs: numberFromEnv(env, game.clock.env, game.clock.default), ruleOptions }];
  });
  return Object.fromEntries(entries) as Record<GameName, GameConfig>;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: numberFromEnv(env, "PORT", 2567),
    host: env.HOST || "0.0.0.0",
    dataDir: path.resolve(env.DATA_DIR || "data"),
    monitorPassword: env.MONITOR_PASSWORD || undefined,
    games: readGameConfig(env),
    graceMs: numberFromEnv(env, "RECONNECT_GRACE_MS", 30_000),
    rematchMs: numberFromEnv(env, "REMATCH_MS", 20_000),
    noShowMs: numberFromEnv(env, "NO_SHOW_MS", 20_000),
    botThinkMs: [numberFromEnv(env, "BOT_THINK_MIN_MS", 400), numberFromEnv(env, "BOT_THINK_MAX_MS", 1200)],
    botFillMs: numberFromEnv(env, "BOT_FILL_SECONDS", 20) * 1000,
    botStrength: Math.min(1, numberFromEnv(env, "BOT_STRENGTH", 0.8)),
    pairingIntervalMs: Math.min(250, numberFromEnv(env, "PAIRING_INTERVAL_MS", 200)),
    privateCodeMs: numberFromEnv(env, "PRIVATE_CODE_MS", 10 * 60_000),
    privateJoinFailuresPerMinute: numberFromEnv(env, "PRIVATE_JOIN_FAILURES_PER_MINUTE", 10),
    privateJoinFailuresPerMinutePerIp: numberFromEnv(env, "PRIVATE_JOIN_FAILURES_PER_MINUTE_PER_IP", 30),
    challengeMs: numberFromEnv(env, "CHALLENGE_MS", 10 * 60_000),
    challengesOpenMax: numberFromEnv(env, "CHALLENGES_OPEN_MAX", 3),
    challengeBackoffBaseMs: numberFromEnv(env, "CHALLENGE_BACKOFF_BASE_MS", 60_000),
    challengeBackoffMaxMs: numberFromEnv(env, "CHALLENGE_BACKOFF_MAX_MS", 60 * 60_000),
    logLevel: env.LOG_LEVEL || "info",
    allowedOrigins: (env.ALLOWED_ORIGINS || "").split(",").map((o) => o.trim()).filter(Boolean),
    production: env.NODE_ENV === "production",
    trustProxy: env.TRUST_PROXY === "1" || env.TRUST_PROXY === "true",
    maxConnectionsPerIp: numberFromEnv(env, "MAX_CONNECTIONS_PER_IP", 64),
    apiRequestsPerMinute: numberFromEnv(env, "API_REQUESTS_PER_MINUTE", 300),
    signupsPerHour: numberFromEnv(env, "SIGNUPS_PER_HOUR", 30),
    signinsPer15MinPerIp: numberFromEnv(env, "SIGNINS_PER_15_MIN_PER_IP", 30),
    signinFailuresPer15Min: numberFromEnv(env, "SIGNIN_FAILURES_PER_15_MIN", 10),
    matchmakeRequestsPerMinute: numberFromEnv(env, "MATCHMAKE_REQUESTS_PER_MINUTE", 120),
    messagesPerSecond: numberFromEnv(env, "MESSAGES_PER_SECOND", 20),
    maxPayloadBytes: numberFromEnv(env, "MAX_PAYLOAD_BYTES", 1024),
    wsPingMs: numberFromEnv(env, "WS_PING_SECONDS", 3) * 1000,
    shutdownTimeoutMs: numberFromEnv(env, "SHUTDOWN_TIMEOUT_MS", 10_000),
    redisUrl: env.REDIS_URL || undefined,
    publicAddress: env.PUBLIC_ADDRESS || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    // In a cluster every process needs its own name; host and port stay the same across its restarts.
    instanceId: env.PARLOR_INSTANCE || (env.REDIS_URL ? `${os.hostname()}:${numberFromEnv(env, "PORT", 2567)}` : ""),
    tokenTtlDays: numberFromEnv(env, "TOKEN_TTL_DAYS", 30),

    // --- Moderation ---
    reportRetentionDays: numberFromEnv(env, "REPORT_RETENTION_DAYS", 90),
    reportsPer10Min: numberFromEnv(env, "REPORTS_PER_10_MIN", 5),
    reportsPer10MinPerIp: numberFromEnv(env, "REPORTS_PER_10_MIN_PER_IP", 20),
    adminRequestsPerMinute: numberFromEnv(env, "ADMIN_REQUESTS_PER_MINUTE", 120),
    chatFilter: switchFromEnv(env, "CHAT_FILTER", true),
    // --- end of moderation ---
  };
}

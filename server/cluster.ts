import crypto from "node:crypto";
import { matchMaker, type Presence } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import type { Config } from "../base/config";

const GRANT_KEY = "parlor:grant";
const GRANT_LOCK = "parlor:grant-lock";
const LOBBY_LOCK = "parlor:lobby-lock";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Colyseus's own distributed pieces when REDIS_URL is set; otherwise the single-process defaults. */
export function distributedPieces(config: Config): { presence?: Presence; driver?: matchMaker.MatchMakerDriver } {
  if (!config.redisUrl) return {};
  return { presence: new RedisPresence(config.redisUrl), driver: new RedisDriver(config.redisUrl) };
}

/**
 * The secret game rooms check to know the server created them. A process can create a room on
 * another process, so in a cluster all of them share one, made once and kept in Redis.
 */
export async function matchGrant(presence: Presence | undefined): Promise<string> {
  const fresh = () => crypto.randomBytes(24).toString("base64url");
  if (!presence) return fresh();
  for (let attempt = 0; attempt < 100; attempt++) {
    const existing = (await presence.get(GRANT_KEY)) as string | null;
    if (existing) return existing;
    // One process wins the right to create it; the others wait for it to appear.
    if ((await presence.hincrbyex(GRANT_LOCK, "n", 1, 10)) === 1) {
      await presence.set(GRANT_KEY, fresh());
    } else await sleep(50);
  }
  throw new Error("could not agree on the match grant through Redis");
}

/**
 * One lobby for the whole cluster: created here unless a live process already has it.
 * Clients that lose it (its process stopped) recreate it with joinOrCreate("lobby").
 */
export async function ensureLobby(presence: Presence | undefined): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    // Forget rooms of processes that died without cleaning up, so a dead lobby does not count.
    if (presence) await matchMaker.healthCheckAllProcesses();
    if ((await matchMaker.query({ name: "lobby" })).length > 0) return;
    if (!presence || (await presence.hincrbyex(LOBBY_LOCK, "n", 1, 5)) === 1) {
      await matchMaker.createRoom("lobby", {});
      return;
    }
    await sleep(100);
  }
  throw new Error("no lobby appeared in the cluster");
}

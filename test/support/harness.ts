import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, Room } from "colyseus.js";
import type WebSocket from "ws";
import { startParlor, type ParlorOptions, type ParlorServer } from "../../server/app";
import type { Config } from "../../base/config";
import type { GameName } from "../../games/registry";
import type { MatchResult, RecordOutcome } from "../../store/types";

export interface TestServer extends ParlorServer {
  url: string;
  wsUrl: string;
  dataDir: string;
  /** Every call of the result sink, in order. */
  results: { result: MatchResult; outcome: RecordOutcome }[];
}

export function tempDir(prefix = "parlor-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real server on a loopback port with its SQLite file in a temp dir. */
export async function startTestServer(config: Partial<Config> = {}, options: ParlorOptions = {}): Promise<TestServer> {
  const dataDir = config.dataDir ?? tempDir();
  const results: TestServer["results"] = [];
  const server = await startParlor({
    ...options,
    config: { port: 0, host: "127.0.0.1", monitorPassword: "test-monitor-password", botThinkMs: [5, 15], botFillMs: 0,
      maxConnectionsPerIp: 0, apiRequestsPerMinute: 0, signupsPerHour: 0, matchmakeRequestsPerMinute: 0, ...config, dataDir },
    onResult: (result, outcome) => {
      results.push({ result, outcome });
      options.onResult?.(result, outcome);
    },
  });
  return Object.assign(server, {
    url: `http://127.0.0.1:${server.port}`,
    wsUrl: `ws://127.0.0.1:${server.port}`,
    dataDir,
    results,
  });
}

/**
 * An /api request as a client makes it, with the player's token if given and a JSON body (or `raw` text sent as
 * JSON); the status and the parsed answer (null when empty).
 */
export async function apiCall(server: TestServer, method: string, path: string, token?: string, body?: unknown, raw?: string) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${server.url}/api${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export interface TestGuest {
  playerId: string;
  name: string;
  token: string;
  client: Client;
}

export async function signUp(server: TestServer, name: string): Promise<TestGuest> {
  const res = await fetch(`${server.url}/api/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`guest sign-up failed: ${res.status} ${await res.text()}`);
  const guest = (await res.json()) as { playerId: string; name: string; token: string };
  const client = new Client(server.wsUrl);
  client.auth.token = guest.token;
  return { ...guest, client };
}

export function seat(guest: TestGuest, rating = 1500) {
  return { playerId: guest.playerId, name: guest.name, rating };
}

/** Creates a match through the server and joins both players with their reservations. */
export async function startGame(
  server: TestServer,
  game: GameName,
  a: TestGuest,
  b: TestGuest,
  options: Parameters<ParlorServer["createMatch"]>[2] = { rated: true },
): Promise<{ roomId: string; rooms: [Room, Room] }> {
  const match = await server.createMatch(game, [seat(a), seat(b)], options);
  const roomA = await a.client.consumeSeatReservation(match.reservations[a.playerId] as never);
  const roomB = await b.client.consumeSeatReservation(match.reservations[b.playerId] as never);
  await waitForState(roomA, (s) => s.status === "playing");
  await waitForState(roomB, (s) => s.status === "playing");
  return { roomId: match.roomId, rooms: [roomA, roomB] };
}

/** Resolves once the room's state satisfies `predicate` (checked now and on every change). */
export function waitForState(room: Room, predicate: (state: any) => boolean, timeoutMs = 5000): Promise<any> {
  return new Promise((resolve, reject) => {
    if (room.state && safe(predicate, room.state)) return resolve(room.state);
    const timer = setTimeout(() => {
      room.onStateChange.remove(check);
      reject(new Error(`state condition not met within ${timeoutMs} ms: ${JSON.stringify(room.state?.toJSON?.() ?? room.state)}`));
    }, timeoutMs);
    const check = (state: any) => {
      if (!safe(predicate, state)) return;
      clearTimeout(timer);
      room.onStateChange.remove(check);
      resolve(state);
    };
    room.onStateChange(check);
  });
}

function safe(predicate: (state: any) => boolean, state: any) {
  try {
    return predicate(state);
  } catch {
    return false;
  }
}

export interface Collector<T = any> {
  seen: T[];
  next(predicate?: (m: T) => boolean, timeoutMs?: number): Promise<T>;
}

/** Collects every message of `type` a room receives, to wait on or inspect. */
export function collect<T = any>(room: Room, type: string): Collector<T> {
  const seen: T[] = [];
  const waiters: { predicate: (m: T) => boolean; resolve: (m: T) => void }[] = [];
  room.onMessage(type, (message: T) => {
    seen.push(message);
    for (const w of [...waiters]) {
      if (w.predicate(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  return {
    seen,
    /** The first message (already seen or still to come) matching `predicate`. */
    next(predicate: (m: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
      const found = seen.find(predicate);
      if (found) {
        seen.splice(seen.indexOf(found), 1);
        return Promise.resolve(found);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (m) => {
            clearTimeout(timer);
            seen.splice(seen.indexOf(m), 1);
            resolve(m);
          },
        });
      });
    },
  };
}

/** The raw WebSocket under a colyseus.js room. */
export function socketOf(room: Room): WebSocket {
  return (room.connection as any).transport.ws;
}

/** Resolves the close code of a room's socket. */
export function closeCode(room: Room, timeoutMs = 3000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("socket not closed")), timeoutMs);
    socketOf(room).addEventListener("close", (event: any) => {
      clearTimeout(timer);
      resolve(event.code);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a message and waits for the `error` reply. */
export async function expectError(room: Room, errors: Collector, type: string, payload: unknown) {
  room.send(type, payload as never);
  return (await errors.next()) as { code: string; message: string };
}

export interface Feed<T = any> {
  /** Every message of the feed received, in order. */
  seen: T[];
  latest(): T | undefined;
  /** Resolves with the first message, latest first, that satisfies `predicate`: the one held now, or one to come. */
  until(predicate: (m: T) => boolean, timeoutMs?: number): Promise<T>;
}

/** Subscribes a lobby connection to one of its feeds (`counts`, `live`) and keeps what arrives. */
export function subscribe<T = any>(lobby: Room, topic: "counts" | "live"): Feed<T> {
  const seen: T[] = [];
  const waiters = new Set<(m: T) => void>();
  lobby.onMessage(topic, (message: T) => {
    seen.push(message);
    for (const w of [...waiters]) w(message);
  });
  lobby.send("subscribe", { topic });
  return {
    seen,
    latest: () => seen.at(-1),
    until(predicate, timeoutMs = 5000) {
      const now = seen.at(-1);
      if (now !== undefined && safe(predicate as (m: any) => boolean, now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${topic}" message met the condition within ${timeoutMs} ms; latest: ${JSON.stringify(seen.at(-1))}`));
        }, timeoutMs);
        const check = (m: T) => {
          if (!safe(predicate as (m: any) => boolean, m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
  };
}

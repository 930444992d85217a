import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { matchMaker, Server } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import { WebSocketTransport } from "@colyseus/ws-transport";
import basicAuth from "express-basic-auth";
import express from "express";
import { LobbyRoom } from "../lobby/LobbyRoom";
import { RpsRoom } from "../rooms/RpsRoom";
import { TicTacToeRoom } from "../rooms/TicTacToeRoom";
import { createMatch, type MatchOptions } from "../rooms/createMatch";
import { systemClock, type Clock, type RoomDeps, type SeatSpec } from "../rooms/deps";
import type { GameName } from "../games/types";
import { openSqliteStore } from "../store/sqlite";
import type { MatchResult, RecordOutcome, Store } from "../store/types";
import { createApi } from "./api";
import { readConfig, type Config } from "./config";

export interface ParlorOptions {
  config?: Partial<Config>;
  clock?: Clock;
  random?: () => number;
  /** Called after each result reaches the store; tests count calls here. */
  onResult?: (result: MatchResult, outcome: RecordOutcome) => void;
  /** Register SIGINT/SIGTERM handlers (the real server does, tests do not). */
  handleSignals?: boolean;
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
  close(): Promise<void>;
}

/** Builds and starts the whole server: HTTP API, monitor, WebSocket rooms, on one port. */
export async function startParlor(options: ParlorOptions = {}): Promise<ParlorServer> {
  const config: Config = { ...readConfig(), ...options.config };
  const store = openSqliteStore({ file: path.join(config.dataDir, "parlor.db") });
  const monitorPassword = config.monitorPassword ?? crypto.randomBytes(12).toString("base64url");

  const deps: RoomDeps = {
    store,
    config,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    grant: crypto.randomBytes(24).toString("base64url"),
    recordResult(result) {
      const outcome = store.recordResult(result);
      options.onResult?.(result, outcome);
      return outcome;
    },
  };

  const app = express();
  app.disable("x-powered-by");
  app.use("/api", createApi(store));
  app.use(
    "/monitor",
    basicAuth({ users: { admin: monitorPassword }, challenge: true, realm: "Parlor monitor" }),
    monitor({
      columns: ["roomId", "name", "clients", { metadata: "game" }, { metadata: "players" }, { metadata: "status" }, { metadata: "spectators" }, "elapsedTime"],
    }),
  );
  app.get("/", (_req, res) => {
    res.type("html").send("<!doctype html><title>Parlor</title><h1>Parlor is running</h1><p>The browser client is on its way.</p>");
  });

  const httpServer = http.createServer(app);
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer }),
    gracefullyShutdown: false,
    greet: false,
  });
  // Handler options override client options, so no client can replace `deps`.
  gameServer.define("tictactoe", TicTacToeRoom, { deps } as never);
  gameServer.define("rps", RpsRoom, { deps } as never);
  gameServer.define("lobby", LobbyRoom, { deps });

  await gameServer.listen(config.port, config.host);
  await matchMaker.createRoom("lobby", {});
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await gameServer.gracefullyShutdown(false);
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      store.close();
    })());

  if (options.handleSignals) {
    const onSignal = (signal: string) => {
      console.log(`${signal} received: shutting down`);
      void close().then(() => process.exit(0));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }

  return {
    config,
    store,
    gameServer,
    httpServer,
    port,
    monitorPassword,
    createMatch: (game, players, matchOptions) => createMatch(deps, game, players, matchOptions),
    close,
  };
}

export { matchMaker };

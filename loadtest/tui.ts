/**
 * The @colyseus/loadtest script, for its live terminal screen:
 *
 *   npm run loadtest:tui -- --numClients 200 [--endpoint ws://localhost:2567]
 *
 * Each client is a LobbyBot: it signs in as a guest, joins the lobby, queues a random game, plays legal
 * moves with a human-like think time, and queues again. The tool counts the lobby connections only: game
 * rooms are reached through seat reservations, which it does not see. The server must allow many sign-ups
 * and sockets from one address: start it with SIGNUPS_PER_HOUR=0 MAX_CONNECTIONS_PER_IP=0 MATCHMAKE_REQUESTS_PER_MINUTE=0.
 */
import { GAME_NAMES } from "../games/registry";
import { cli, type Options } from "@colyseus/loadtest";
import { emptyStats, LobbyBot } from "./bot";

const stats = emptyStats();
const think: [number, number] = [300, 1500];

cli(async (options: Options) => {
  const wsUrl = options.endpoint.replace(/\/$/, "");
  const bot = new LobbyBot({
    httpUrl: wsUrl.replace(/^ws/, "http"),
    wsUrl,
    name: `tui ${options.clientId}`,
    think,
    games: GAME_NAMES,
    stats,
  });
  await bot.start();
});

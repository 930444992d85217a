import { WebSocketTransport } from "@colyseus/ws-transport";
import type WebSocket from "ws";

/** Heartbeat rounds are spread over this many turns of the event loop. */
const SLICES = 10;

type PingedSocket = WebSocket & { pingCount: number };

/**
 * Colyseus's transport pings every socket at once every 3 s; with 20,000 lobby connections that one loop held the
 * event loop for hundreds of milliseconds (loadtest/lobbyBench.ts --idle). This one pings the same sockets just as
 * often, and ends an unresponsive one after the same missed pongs, a tenth of them every tenth of the interval.
 */
export class HeartbeatTransport extends WebSocketTransport {
  protected autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number) {
    let round: PingedSocket[] = [];
    let slice = 0;
    this.pingInterval = setInterval(() => {
      if (slice === 0) round = [...this.wss.clients] as PingedSocket[];
      const from = Math.floor((round.length * slice) / SLICES);
      const to = Math.floor((round.length * (slice + 1)) / SLICES);
      for (const socket of round.slice(from, to)) {
        if (socket.readyState !== 1 /* OPEN */) continue;
        if (socket.pingCount >= pingMaxRetries) {
          socket.terminate();
          continue;
        }
        socket.pingCount++;
        socket.ping();
      }
      slice = (slice + 1) % SLICES;
    }, pingInterval / SLICES);
  }
}

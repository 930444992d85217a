import type http from "node:http";
import type { Config } from "../base/config";

const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * Whether a browser origin may talk to this server: its own origin, ALLOWED_ORIGINS, and localhost outside production.
 * Requests without an Origin header (bots, curl, server-side clients) are not browsers' cross-site requests and pass.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, config: Pick<Config, "allowedOrigins" | "production">): boolean {
  if (!origin) return true;
  if (config.allowedOrigins.includes(origin)) return true;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return !config.production && LOCALHOST.test(origin);
}

/** The client's address: the socket's, or the proxy's header when TRUST_PROXY is set. */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-real-ip"] ?? req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/** Counts open WebSockets per address, to refuse one address more than its share. */
export class ConnectionCounter {
  private open = new Map<string, number>();
  constructor(private readonly limit: number) {}

  allows(address: string): boolean {
    return this.limit <= 0 || (this.open.get(address) ?? 0) < this.limit;
  }

  opened(address: string) {
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
  }

  closed(address: string) {
    const n = (this.open.get(address) ?? 1) - 1;
    if (n <= 0) this.open.delete(address);
    else this.open.set(address, n);
  }
}

import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import helmet from "helmet";
import type { Config } from "../base/config";

/** What a response's security headers depend on. */
interface HeaderContext {
  /** The browser used TLS: Parlor listens for plain HTTP only, so this is a trusted proxy's `X-Forwarded-Proto: https`. */
  secure: boolean;
  /** The @colyseus/monitor panel, a third-party page with needs of its own. */
  monitor: boolean;
}

type Directives = Record<string, (string | ((req: IncomingMessage) => string))[]>;

const MONITOR_PATH = /^\/monitor(\/|$)/;
/** A host name or IPv4 address: what a CSP host-source can name (it has no syntax for IPv6 literals). */
const CSP_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/i;

/** The host name (without port or path) of a `Host` header or a PUBLIC_ADDRESS, if a CSP can name it. */
export function cspHost(address: string | undefined): string | undefined {
  const name = address?.split("/")[0].replace(/:\d*$/, "");
  return name && CSP_HOST.test(name) ? name.toLowerCase() : undefined;
}

/**
 * The Content-Security-Policy directives for one kind of response. The game client needs nothing inline and no eval;
 * it talks to its own host over HTTP and WebSocket, and in a cluster to other ports of that host (PUBLIC_ADDRESS).
 */
function cspDirectives(context: HeaderContext, publicAddress?: string): Directives {
  // WebSockets back to the page's host, on any port, and to this process's PUBLIC_ADDRESS host. 'self' covers the
  // same host and port in CSP 3 browsers (and IPv6 literals, which a host-source cannot name).
  const sockets = (req: IncomingMessage) =>
    [...new Set([cspHost(req.headers.host), cspHost(publicAddress)])]
      .filter(Boolean)
      .flatMap((host) => [`ws://${host}:*`, `wss://${host}:*`])
      .join(" ");
  const directives: Directives = {
    "default-src": ["'self'"],
    "base-uri": ["'self'"],
    "connect-src": ["'self'", sockets],
    "font-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    // Phaser makes its built-in textures from data: URLs.
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "script-src": ["'self'"],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'"],
  };
  if (context.monitor) {
    // The panel's bundle injects its styles at run time and loads Material Icons from Google Fonts.
    directives["style-src"] = ["'self'", "'unsafe-inline'", "https://fonts.googleapis.com"];
    directives["font-src"] = ["'self'", "https://fonts.gstatic.com"];
  }
  // Over TLS, upgrading stray http:// URLs is harmless. Over plain HTTP it would send every asset to https:// where
  // nothing answers, which is what left the page blank on a LAN.
  if (context.secure) directives["upgrade-insecure-requests"] = [];
  return directives;
}

/**
 * helmet's headers, fitted to how the request arrived: plain HTTP (a LAN, localhost) or TLS (behind nginx with
 * TRUST_PROXY and X-Forwarded-Proto). HSTS, COOP and Origin-Agent-Cluster go only over TLS: a browser ignores them on
 * a plain-HTTP origin (HSTS by RFC 6797; Chromium logs a console error for COOP and a warning for Origin-Agent-Cluster).
 */
export function securityHeaders(config: Pick<Config, "publicAddress">): RequestHandler {
  const headersFor = (context: HeaderContext) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(context, config.publicAddress) },
      // One year, for this host only: Parlor does not speak for the other names of its domain.
      strictTransportSecurity: context.secure ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
      crossOriginOpenerPolicy: context.secure,
      originAgentCluster: context.secure,
    });
  const plain = { client: headersFor({ secure: false, monitor: false }), monitor: headersFor({ secure: false, monitor: true }) };
  const tls = { client: headersFor({ secure: true, monitor: false }), monitor: headersFor({ secure: true, monitor: true }) };
  return (req, res, next) => (req.secure ? tls : plain)[MONITOR_PATH.test(req.path) ? "monitor" : "client"](req, res, next);
}

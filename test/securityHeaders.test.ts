import assert from "node:assert/strict";
import http from "node:http";
import type { Config } from "../base/config";
import { cspHost } from "../server/securityHeaders";
import { startTestServer, type TestServer } from "./support/harness";

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP GET with any Host and headers (fetch would not let a test set Host). */
function get(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: server.port, path, headers: { host: `parlor.test:${server.port}`, ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
  });
}

/** The Content-Security-Policy header as a map from directive to its sources. */
function csp(reply: Reply): Map<string, string[]> {
  const header = reply.headers["content-security-policy"];
  assert.equal(typeof header, "string", "a Content-Security-Policy header");
  return new Map(
    (header as string)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources] as const),
  );
}

const ADMIN = `Basic ${Buffer.from("admin:test-monitor-password").toString("base64")}`;

/** One real server for a describe block, started with `config`. */
function serving(config: Partial<Config> = {}): { server: TestServer } {
  const holder = {} as { server: TestServer };
  before(async () => {
    holder.server = await startTestServer(config);
  });
  after(async () => {
    await holder.server?.close();
  });
  return holder;
}

describe("security headers", () => {
  describe("over plain HTTP, as on a LAN", () => {
    const lan = serving();
    it("serves the page a policy that never upgrades to https and runs only its own scripts", async () => {
      const reply = await get(lan.server, "/");
      const policy = csp(reply);
      assert.equal(policy.has("upgrade-insecure-requests"), false, "no upgrade-insecure-requests over plain HTTP");
      assert.deepEqual(policy.get("script-src"), ["'self'"]);
      assert.deepEqual(policy.get("script-src-attr"), ["'none'"]);
      assert.deepEqual(policy.get("style-src"), ["'self'"]);
      assert.deepEqual(policy.get("object-src"), ["'none'"]);
      assert.deepEqual(policy.get("default-src"), ["'self'"]);
      // The WebSocket back to the same host, over ws: or wss:, on any port (a cluster's rooms are on other ports).
      assert.deepEqual(policy.get("connect-src"), ["'self'", `ws://parlor.test:*`, `wss://parlor.test:*`]);
    });

    it("sends no HSTS and none of the headers only a secure context honours", async () => {
      const reply = await get(lan.server, "/");
      assert.equal(reply.headers["strict-transport-security"], undefined);
      assert.equal(reply.headers["cross-origin-opener-policy"], undefined);
      assert.equal(reply.headers["origin-agent-cluster"], undefined);
      // helmet's other headers stay.
      assert.equal(reply.headers["x-content-type-options"], "nosniff");
      assert.equal(reply.headers["x-frame-options"], "SAMEORIGIN");
      assert.equal(reply.headers["cross-origin-resource-policy"], "same-origin");
    });

    it("names no host it cannot vouch for: a Host header that is not a plain name leaves connect-src at 'self'", async () => {
      for (const host of ["evil.test;script-src *", "[::1]:2567", "a b"]) {
        const reply = await get(lan.server, "/api/info", { host });
        assert.deepEqual(csp(reply).get("connect-src"), ["'self'"], host);
        assert.deepEqual(csp(reply).get("script-src"), ["'self'"], host);
      }
    });

    it("ignores X-Forwarded-Proto unless TRUST_PROXY says a proxy of ours set it", async () => {
      const reply = await get(lan.server, "/", { "x-forwarded-proto": "https" });
      assert.equal(csp(reply).has("upgrade-insecure-requests"), false);
      assert.equal(reply.headers["strict-transport-security"], undefined);
    });
  });

  describe("over TLS, behind a trusted proxy", () => {
    const proxied = serving({ trustProxy: true, publicAddress: "rooms.parlor.test/p1" });

    it("upgrades stray http:// URLs and sends HSTS for this host only", async () => {
      const reply = await get(proxied.server, "/", { "x-forwarded-proto": "https" });
      const policy = csp(reply);
      assert.deepEqual(policy.get("upgrade-insecure-requests"), []);
      assert.deepEqual(policy.get("script-src"), ["'self'"]);
      assert.equal(reply.headers["strict-transport-security"], "max-age=31536000");
      assert.equal(reply.headers["cross-origin-opener-policy"], "same-origin");
      assert.equal(reply.headers["origin-agent-cluster"], "?1");
      // PUBLIC_ADDRESS's host too: the seat reservations of this process name it.
      assert.deepEqual(policy.get("connect-src"), ["'self'", "ws://parlor.test:*", "wss://parlor.test:*", "ws://rooms.parlor.test:*", "wss://rooms.parlor.test:*"]);
    });

    it("still serves a plain-HTTP request through the same proxy without the upgrade", async () => {
      const reply = await get(proxied.server, "/", { "x-forwarded-proto": "http" });
      assert.equal(csp(reply).has("upgrade-insecure-requests"), false);
      assert.equal(reply.headers["strict-transport-security"], undefined);
    });
  });

  describe("the monitor", () => {
    const lan = serving();
    it("asks for its basic auth, then loads its page, script and API", async () => {
      const refused = await get(lan.server, "/monitor/");
      assert.equal(refused.status, 401);
      assert.match(String(refused.headers["www-authenticate"]), /^Basic realm="Parlor admin"/);

      const page = await get(lan.server, "/monitor/", { authorization: ADMIN });
      assert.equal(page.status, 200);
      assert.match(page.body, /<script type="text\/javascript" src="bundle\.js"><\/script>/);
      const script = await get(lan.server, "/monitor/bundle.js", { authorization: ADMIN });
      assert.equal(script.status, 200);
      assert.match(String(script.headers["content-type"]), /javascript/);
      const api = await get(lan.server, "/monitor/api", { authorization: ADMIN });
      assert.equal(api.status, 200);
      assert.ok(Array.isArray(JSON.parse(api.body).rooms), "the monitor API lists rooms");
    });

    it("has a policy of its own that allows its injected styles but still no inline scripts", async () => {
      const policy = csp(await get(lan.server, "/monitor/", { authorization: ADMIN }));
      assert.deepEqual(policy.get("script-src"), ["'self'"]);
      assert.deepEqual(policy.get("style-src"), ["'self'", "'unsafe-inline'", "https://fonts.googleapis.com"]);
      assert.equal(policy.has("upgrade-insecure-requests"), false);
    });
  });

  it("cspHost keeps the host name of a Host header or PUBLIC_ADDRESS, and nothing a CSP source cannot name", () => {
    assert.equal(cspHost("parlor.test:2567"), "parlor.test");
    assert.equal(cspHost("192.168.1.20:2567"), "192.168.1.20");
    assert.equal(cspHost("Play.Example.org/p1"), "play.example.org");
    assert.equal(cspHost("localhost"), "localhost");
    assert.equal(cspHost("[::1]:2567"), undefined);
    assert.equal(cspHost("a;b"), undefined);
    assert.equal(cspHost("a b"), undefined);
    assert.equal(cspHost(""), undefined);
    assert.equal(cspHost(undefined), undefined);
  });
});

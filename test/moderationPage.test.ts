import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./support/harness";

const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;

function policy(res: Response): Map<string, string[]> {
  const header = res.headers.get("content-security-policy");
  assert.equal(typeof header, "string", "a Content-Security-Policy header");
  return new Map(
    header!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources] as const),
  );
}

describe("the moderation page /monitor/moderation", function () {
  this.timeout(30_000);
  let server: TestServer;
  const get = (path: string, password: string | null = server.monitorPassword, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { redirect: "manual", headers: { ...headers, ...(password === null ? {} : { authorization: basic(password) }) } });

  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  it("is served only with the monitor password", async () => {
    for (const path of ["/monitor/moderation/", "/monitor/moderation/moderation.js", "/monitor/moderation/moderation.css"]) {
      const refused = await get(path, null);
      assert.equal(refused.status, 401, path);
      assert.match(refused.headers.get("www-authenticate") ?? "", /^Basic realm="Parlor admin"/);
      assert.equal((await get(path, "wrong")).status, 401, path);
      assert.equal((await get(path)).status, 200, path);
    }
  });

  it("has its own policy: its own script and style only, nothing inline, requests to its own origin only, no frames", async () => {
    for (const path of ["/monitor/moderation/", "/monitor/moderation/moderation.js"]) {
      const csp = policy(await get(path));
      assert.deepEqual(csp.get("default-src"), ["'none'"], path);
      assert.deepEqual(csp.get("script-src"), ["'self'"]);
      assert.deepEqual(csp.get("script-src-attr"), ["'none'"]);
      assert.deepEqual(csp.get("style-src"), ["'self'"], "not the monitor's inline styles and Google Fonts");
      assert.deepEqual(csp.get("connect-src"), ["'self'"]);
      assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
      assert.deepEqual(csp.get("form-action"), ["'none'"]);
      assert.equal(csp.has("upgrade-insecure-requests"), false, "plain HTTP stays plain");
    }
    const page = await get("/monitor/moderation/");
    assert.equal(page.headers.get("cache-control"), "no-store");
    assert.equal(page.headers.get("x-content-type-options"), "nosniff", "helmet's other headers stay");
  });

  it("its page names its script and style sheet, and holds no inline script, handler or style", async () => {
    const html = await (await get("/monitor/moderation/")).text();
    assert.match((await get("/monitor/moderation/")).headers.get("content-type") ?? "", /^text\/html/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.deepEqual(scripts.map((m) => [m[1].match(/src="([^"]+)"/)?.[1], m[2].trim()]), [["moderation.js", ""]]);
    assert.match(html, /<link rel="stylesheet" href="moderation.css">/);
    assert.equal(/\son[a-z]+=/i.test(html), false, "no inline event handlers");
    assert.equal(/<style|\sstyle=/i.test(html), false, "no inline styles");
    for (const id of ["reports", "lookup-form", "chat-filter", "status"]) assert.ok(html.includes(`id="${id}"`), id);

    const script = await get("/monitor/moderation/moderation.js");
    assert.match(script.headers.get("content-type") ?? "", /^text\/javascript/);
    const source = await script.text();
    assert.ok(source.includes("../../admin/api/"), "the script talks to the admin API");
    assert.equal(/innerHTML|insertAdjacentHTML|document\.write/.test(source), false, "players' words go in as text only");
    // It parses: a syntax error would leave the page dead.
    assert.doesNotThrow(() => new Function(source));
    assert.match((await get("/monitor/moderation/moderation.css")).headers.get("content-type") ?? "", /^text\/css/);
  });

  it("sends /monitor/moderation to /monitor/moderation/, so that its relative links resolve", async () => {
    const res = await get("/monitor/moderation");
    assert.equal(res.status, 301);
    assert.equal(new URL(res.headers.get("location")!, `${server.url}/monitor/moderation`).pathname, "/monitor/moderation/");
    assert.equal((await get("/monitor/moderation/other")).status, 404);
    assert.equal((await get("/monitor/")).status, 200, "the rooms monitor is still there");
  });

  it("over TLS at a trusted proxy, upgrades insecure requests", async () => {
    const tls = await startTestServer({ trustProxy: true });
    try {
      const res = await fetch(`${tls.url}/monitor/moderation/`, { headers: { authorization: basic(tls.monitorPassword), "x-forwarded-proto": "https" } });
      assert.equal(policy(res).has("upgrade-insecure-requests"), true);
    } finally {
      await tls.close();
    }
  });
});

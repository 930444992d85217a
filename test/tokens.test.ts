import assert from "node:assert/strict";
import { Client } from "colyseus.js";
import { readConfig } from "../base/config";
import { signUp, sleep, startTestServer, type TestServer } from "./support/harness";

const me = (server: TestServer, token: string) => fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
const logout = (server: TestServer, token?: string) =>
  fetch(`${server.url}/api/logout`, { method: "POST", headers: token ? { authorization: `Bearer ${token}` } : {} });

/** Joins the lobby with `token`; resolves to the refusal's message, or "joined". */
async function joinLobby(server: TestServer, token: string): Promise<string> {
  const client = new Client(server.wsUrl);
  client.auth.token = token;
  try {
    const lobby = await client.joinOrCreate("lobby");
    await lobby.leave();
    return "joined";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("token life", function () {
  this.timeout(30_000);

  it("reads TOKEN_TTL_DAYS, 30 days unless set", () => {
    assert.equal(readConfig({}).tokenTtlDays, 30);
    assert.equal(readConfig({ TOKEN_TTL_DAYS: "7" }).tokenTtlDays, 7);
    assert.equal(readConfig({ TOKEN_TTL_DAYS: "0" }).tokenTtlDays, 0);
    assert.throws(() => readConfig({ TOKEN_TTL_DAYS: "soon" }), /TOKEN_TTL_DAYS/);
  });

  describe("logout", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server?.close());

    it("POST /api/logout revokes the token: /api/me and joining a room refuse it, other tokens still work", async () => {
      const [ann, bob] = await Promise.all([signUp(server, "Ann"), signUp(server, "Bob")]);
      assert.equal(await joinLobby(server, ann.token), "joined");
      const out = await logout(server, ann.token);
      assert.equal(out.status, 204);
      assert.equal(await out.text(), "");
      const refused = await me(server, ann.token);
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as any).code, "AUTH_INVALID");
      assert.match(await joinLobby(server, ann.token), /^AUTH_INVALID/);
      assert.equal((await me(server, bob.token)).status, 200);
      assert.equal(await joinLobby(server, bob.token), "joined");
      // Again, or with a token never issued: nothing to end, no error.
      assert.equal((await logout(server, ann.token)).status, 204);
      assert.equal((await logout(server, "never-issued")).status, 204);
    });

    it("POST /api/logout without a token is 401 AUTH_REQUIRED", async () => {
      const res = await logout(server);
      assert.equal(res.status, 401);
      const body = (await res.json()) as any;
      assert.equal(body.code, "AUTH_REQUIRED");
      assert.ok(body.message.length > 5);
    });
  });

  describe("expiry", () => {
    let server: TestServer;
    const TTL_MS = 2000;
    before(async () => {
      server = await startTestServer({ tokenTtlDays: TTL_MS / 86_400_000 });
    });
    after(() => server?.close());

    it("a token used within TOKEN_TTL_DAYS lives on; one left unused that long is refused everywhere", async () => {
      const [kept, idle] = await Promise.all([signUp(server, "Kept"), signUp(server, "Idle")]);
      // Used every 400 ms for twice the TTL: each use slides the expiry on.
      const until = Date.now() + 2 * TTL_MS;
      while (Date.now() < until) {
        assert.equal((await me(server, kept.token)).status, 200);
        await sleep(400);
      }
      assert.equal(await joinLobby(server, kept.token), "joined");
      const refused = await me(server, idle.token);
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as any).code, "AUTH_INVALID");
      assert.match(await joinLobby(server, idle.token), /^AUTH_INVALID/);
      await sleep(TTL_MS + 200);
      assert.equal((await me(server, kept.token)).status, 401, "then left alone, it expires too");
    });
  });
});

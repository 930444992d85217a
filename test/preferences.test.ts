import assert from "node:assert/strict";
import { apiCall, signUp, startTestServer, type TestServer } from "./support/harness";
import { testDatabaseUrl } from "./support/postgres";

const call = apiCall;



const DEFAULTS = { chatOff: false, challenges: "everyone", muted: [] };

for (const backend of ["SQLite", "PostgreSQL"] as const) describe(`preferences over HTTP (${backend})`, function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    const databaseUrl = await testDatabaseUrl(backend);
    server = await startTestServer({ databaseUrl });
  });
  after(() => server?.close());

  it("every endpoint wants the player's token", async () => {
    const other = await signUp(server, "Other");
    for (const [method, path] of [["GET", "/me/preferences"], ["PUT", "/me/preferences"], ["PUT", `/me/mutes/${other.playerId}`], ["DELETE", `/me/mutes/${other.playerId}`]]) {
      const none = await call(server, method, path, undefined, method === "PUT" ? {} : undefined);
      assert.deepEqual([none.status, none.body.code], [401, "AUTH_REQUIRED"], `${method} ${path}`);
      const bad = await call(server, method, path, "not-a-token", method === "PUT" ? {} : undefined);
      assert.deepEqual([bad.status, bad.body.code], [401, "AUTH_INVALID"], `${method} ${path}`);
    }
  });

  it("starts at the defaults; a change sets only what it names and follows the account to another session", async () => {
    const ann = await signUp(server, "Ann");
    assert.deepEqual((await call(server, "GET", "/me/preferences", ann.token)).body, DEFAULTS);
    const off = await call(server, "PUT", "/me/preferences", ann.token, { chatOff: true });
    assert.deepEqual([off.status, off.body], [200, { ...DEFAULTS, chatOff: true }]);
    const played = await call(server, "PUT", "/me/preferences", ann.token, { challenges: "played" });
    assert.deepEqual(played.body, { chatOff: true, challenges: "played", muted: [] });
    assert.deepEqual((await call(server, "PUT", "/me/preferences", ann.token, {})).body, played.body, "an empty change changes nothing");
    assert.deepEqual((await call(server, "PUT", "/me/preferences", ann.token, { chatOff: false, challenges: "nobody" })).body, { chatOff: false, challenges: "nobody", muted: [] });

    assert.equal((await call(server, "POST", "/account/claim", ann.token, { username: "ann_prefs", password: "correct horse battery" })).status, 201);
    const phone = (await call(server, "POST", "/account/signin", undefined, { username: "ann_prefs", password: "correct horse battery" })).body;
    assert.deepEqual((await call(server, "GET", "/me/preferences", phone.token)).body, { chatOff: false, challenges: "nobody", muted: [] });
  });

  it("refuses bad changes with BAD_REQUEST and changes nothing", async () => {
    const bob = await signUp(server, "Bob");
    for (const body of [{ chatOff: "yes" }, { challenges: "friends" }, { chatOff: true, colour: "red" }, [], "on", null]) {
      const refused = await call(server, "PUT", "/me/preferences", bob.token, body);
      assert.deepEqual([refused.status, refused.body.code], [400, "BAD_REQUEST"], JSON.stringify(body));
    }
    const friends = await call(server, "PUT", "/me/preferences", bob.token, { challenges: "friends" });
    assert.equal(friends.body.message, "challenges: challenges must be one of: everyone, played, nobody");
    const malformed = await call(server, "PUT", "/me/preferences", bob.token, undefined, "{chatOff:");
    assert.deepEqual([malformed.status, malformed.body.code], [400, "BAD_REQUEST"]);
    const large = await call(server, "PUT", "/me/preferences", bob.token, undefined, JSON.stringify({ chatOff: true, pad: "x".repeat(2000) }));
    assert.deepEqual([large.status, large.body.code], [413, "BAD_REQUEST"]);
    assert.deepEqual((await call(server, "GET", "/me/preferences", bob.token)).body, DEFAULTS);
  });

  it("mutes and unmutes players by id, with their names; not oneself, not an unknown player", async () => {
    const [cy, dee, eve] = await Promise.all(["Cy", "Dee", "Eve"].map((n) => signUp(server, n)));
    const muted = await call(server, "PUT", `/me/mutes/${dee.playerId}`, cy.token);
    assert.deepEqual([muted.status, muted.body], [200, { ...DEFAULTS, muted: [{ playerId: dee.playerId, name: "Dee" }] }]);
    assert.equal((await call(server, "PUT", `/me/mutes/${dee.playerId}`, cy.token)).body.muted.length, 1, "muting twice is muting once");
    await call(server, "PUT", `/me/mutes/${eve.playerId}`, cy.token);
    assert.deepEqual((await call(server, "GET", "/me/preferences", cy.token)).body.muted.map((m: any) => m.name), ["Dee", "Eve"], "oldest first");
    assert.deepEqual((await call(server, "GET", "/me/preferences", dee.token)).body.muted, [], "a mute is one-way");

    const self = await call(server, "PUT", `/me/mutes/${cy.playerId}`, cy.token);
    assert.deepEqual([self.status, self.body.code, self.body.message], [400, "BAD_REQUEST", "You cannot mute yourself."]);
    for (const method of ["PUT", "DELETE"]) {
      const unknown = await call(server, method, "/me/mutes/no-such-player", cy.token);
      assert.deepEqual([unknown.status, unknown.body.code], [404, "NOT_FOUND"], method);
      assert.equal((await call(server, method, `/me/mutes/${"x".repeat(65)}`, cy.token)).status, 400, method);
    }

    // The operator renames Eve: the list shows the name as it is now.
    const renamed = await fetch(`${server.url}/admin/api/players/${eve.playerId}/rename`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`admin:${server.monitorPassword}`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Eve Two" }),
    });
    assert.equal(renamed.status, 200);
    assert.deepEqual((await call(server, "GET", "/me/preferences", cy.token)).body.muted.map((m: any) => m.name), ["Dee", "Eve Two"]);

    const unmuted = await call(server, "DELETE", `/me/mutes/${dee.playerId}`, cy.token);
    assert.deepEqual([unmuted.status, unmuted.body.muted], [200, [{ playerId: eve.playerId, name: "Eve Two" }]]);
    assert.equal((await call(server, "DELETE", `/me/mutes/${dee.playerId}`, cy.token)).status, 200, "unmuting one not muted is no error");
  });
});

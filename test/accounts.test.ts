import assert from "node:assert/strict";
import { Client, type Room } from "colyseus.js";
import { CLOSE_SESSION_ENDED } from "../protocol/wire";
import { apiCall, closeCode, signUp, startTestServer, type TestGuest, type TestServer } from "./support/harness";
import { testDatabaseUrl } from "./support/postgres";


const PASSWORD = "correct horse battery";
const call = apiCall;


const claim = (server: TestServer, guest: { token: string }, username: string, password = PASSWORD) =>
  call(server, "POST", "/account/claim", guest.token, { username, password });
const signIn = (server: TestServer, username: string, password = PASSWORD) => call(server, "POST", "/account/signin", undefined, { username, password });

async function joinLobby(server: TestServer, token: string): Promise<Room> {
  const client = new Client(server.wsUrl);
  client.auth.token = token;
  return client.joinOrCreate("lobby");
}

/** A rated result for the guest, through the store as a finished game hands it over. */
async function winOnce(server: TestServer, winner: TestGuest, loser: TestGuest) {
  await server.store.recordResult({
    matchId: `m-${winner.playerId}`, game: "tictactoe", rated: true, reason: "line", winner: winner.playerId,
    players: [{ playerId: winner.playerId, name: winner.name }, { playerId: loser.playerId, name: loser.name }],
    moves: [], startedAt: Date.now() - 1000, endedAt: Date.now(),
  });
}

for (const backend of ["SQLite", "PostgreSQL"] as const) describe(`accounts over HTTP and rooms (${backend})`, function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    const databaseUrl = await testDatabaseUrl(backend);
    server = await startTestServer({ databaseUrl, signinFailuresPer15Min: 3, signinsPer15MinPerIp: 0 });
  });
  after(() => server?.close());

  it("a guest claims a username; signing in on a second client is the same player with the same rating", async () => {
    const [ann, bob] = await Promise.all([signUp(server, "Ann"), signUp(server, "Bob")]);
    await winOnce(server, ann, bob);
    const before = (await call(server, "GET", `/players/${ann.playerId}`)).body;
    const claimed = await claim(server, ann, "Ann_1");
    assert.equal(claimed.status, 201, JSON.stringify(claimed.body));
    assert.deepEqual(claimed.body, { playerId: ann.playerId, name: "Ann", username: "Ann_1" });
    assert.equal((await call(server, "GET", "/me", ann.token)).body.playerId, ann.playerId, "the guest token still works");

    const other = await signIn(server, "ann_1");
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.equal(other.body.playerId, ann.playerId);
    assert.notEqual(other.body.token, ann.token, "a sign-in is a new session");
    assert.deepEqual((await call(server, "GET", `/players/${ann.playerId}`)).body.ratings, before.ratings);
    assert.equal(before.ratings[0].rating > 1500, true);
    const lobby = await joinLobby(server, other.body.token);
    await lobby.leave();
    const sessions = (await call(server, "GET", "/account/sessions", other.body.token)).body.sessions;
    assert.equal(sessions.length, 2);
    assert.deepEqual(sessions.filter((s: any) => s.current).map((s: any) => s.sessionId), [other.body.sessionId]);
    assert.ok(sessions.every((s: any) => s.device === "Node.js" && s.createdAt > 0 && s.lastSeenAt >= s.createdAt), JSON.stringify(sessions));
  });

  it("signs up with a username and password at once: a new player, signed in, who can sign in elsewhere", async () => {
    const up = await call(server, "POST", "/account/signup", undefined, { username: "Nova", password: PASSWORD });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.deepEqual(Object.keys(up.body).sort(), ["name", "playerId", "sessionId", "token", "username"]);
    assert.deepEqual([up.body.name, up.body.username], ["Nova", "Nova"]);
    const me = await call(server, "GET", "/account", up.body.token);
    assert.deepEqual(me.body, { playerId: up.body.playerId, name: "Nova", username: "Nova", sessionId: up.body.sessionId });
    assert.equal((await signIn(server, "nova")).body.playerId, up.body.playerId);
    const lobby = await joinLobby(server, up.body.token);
    await lobby.leave();

    // A username that is no shown name (a "."): a name must come with it.
    const dotted = await call(server, "POST", "/account/signup", undefined, { username: "nova.two", password: PASSWORD });
    assert.deepEqual([dotted.status, dotted.body.code], [400, "BAD_REQUEST"]);
    assert.match(dotted.body.message, /send a name/);
    const named = await call(server, "POST", "/account/signup", undefined, { username: "nova.two", password: PASSWORD, name: "Nova Two" });
    assert.deepEqual([named.status, named.body.name, named.body.username], [201, "Nova Two", "nova.two"]);

    // Taken (ignoring case and look-alikes), and bad input, each with its code.
    for (const [body, status, code] of [
      [{ username: "NOVA", password: PASSWORD }, 409, "USERNAME_TAKEN"],
      [{ username: "N\u043eva", password: PASSWORD }, 409, "USERNAME_TAKEN"], // a Cyrillic о
      [{ username: "no", password: PASSWORD }, 400, "USERNAME_INVALID"],
      [{ username: "nova_three", password: "short" }, 400, "PASSWORD_INVALID"],
      [{ username: "nova_four", password: PASSWORD, extra: 1 }, 400, "BAD_REQUEST"],
      [{ username: 5, password: PASSWORD }, 400, "BAD_REQUEST"],
    ] as const) {
      const answer = await call(server, "POST", "/account/signup", undefined, body);
      assert.deepEqual([answer.status, answer.body.code], [status, code], JSON.stringify(body));
    }
  });

  it("usernames are unique ignoring case and look-alike letters; a player claims once; bad input has its codes", async () => {
    const [cy, dee] = await Promise.all([signUp(server, "Cy"), signUp(server, "Dee")]);
    assert.equal((await claim(server, cy, "paypal")).status, 201);
    for (const lookAlike of ["PayPal", "pаypаl" /* Cyrillic а */]) {
      const taken = await claim(server, dee, lookAlike);
      assert.deepEqual([taken.status, taken.body.code], [409, "USERNAME_TAKEN"], lookAlike);
    }
    assert.deepEqual((await claim(server, cy, "another")).body.code, "ALREADY_CLAIMED");
    assert.deepEqual((await claim(server, dee, "a b")).body.code, "USERNAME_INVALID");
    assert.deepEqual((await claim(server, dee, "deeish", "short")).body.code, "PASSWORD_INVALID");
    assert.deepEqual((await call(server, "POST", "/account/claim", undefined, { username: "x", password: "y" })).body.code, "AUTH_REQUIRED");
    assert.deepEqual((await call(server, "POST", "/account/claim", dee.token, { username: 5 })).body.code, "BAD_REQUEST");
    const guestChange = await call(server, "POST", "/account/password", dee.token, { currentPassword: PASSWORD, newPassword: "whatever123" });
    assert.deepEqual([guestChange.status, guestChange.body.code], [403, "NOT_CLAIMED"]);
  });

  it("a wrong password and an unknown username get the same answer; failures per account are limited", async () => {
    const eve = await signUp(server, "Eve");
    assert.equal((await claim(server, eve, "eve_account")).status, 201);
    const wrong = await signIn(server, "eve_account", "not the password");
    const unknown = await signIn(server, "nobody_here", "not the password");
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong, unknown);
    assert.equal(wrong.body.code, "SIGNIN_FAILED");
    // The limit is 3 failures: the account is held back, the right password too, other accounts are not.
    for (const attempt of ["again wrong", "still wrong"]) assert.equal((await signIn(server, "EVE_account", attempt)).status, 401);
    const limited = await signIn(server, "eve_account");
    assert.deepEqual([limited.status, limited.body.code], [429, "RATE_LIMITED"]);
    assert.equal((await signIn(server, "nobody_else", "x")).status, 401);
  });

  it("revoking a session closes its room connection and its token joins nothing again; other sessions stay", async () => {
    const fay = await signUp(server, "Fay");
    await claim(server, fay, "fay");
    const phone = (await signIn(server, "fay")).body;
    // One after the other: a player's second seat request in a room replaces an unused first one.
    const phoneLobby = await joinLobby(server, phone.token);
    const ownLobby = await joinLobby(server, fay.token);
    const closed = closeCode(phoneLobby, 5000);
    const revoked = await call(server, "DELETE", `/account/sessions/${phone.sessionId}`, fay.token);
    assert.equal(revoked.status, 204);
    assert.equal(await closed, CLOSE_SESSION_ENDED);
    assert.equal((await call(server, "GET", "/me", phone.token)).body.code, "AUTH_INVALID");
    await assert.rejects(joinLobby(server, phone.token), /AUTH_INVALID/);
    assert.equal(ownLobby.connection.isOpen, true, "the revoking session's own connection stays");
    assert.deepEqual((await call(server, "DELETE", `/account/sessions/${phone.sessionId}`, fay.token)).body.code, "SESSION_NOT_FOUND");
    await ownLobby.leave();
  });

  it("changing the password ends every other session (closing its rooms); the new password signs in, the old does not", async () => {
    const gus = await signUp(server, "Gus");
    await claim(server, gus, "gus");
    const laptop = (await signIn(server, "gus")).body;
    const phone = (await signIn(server, "gus")).body;
    const guestLobby = await joinLobby(server, gus.token);
    const closed = closeCode(guestLobby, 5000);
    const wrong = await call(server, "POST", "/account/password", phone.token, { currentPassword: "nope nope", newPassword: "a new password" });
    assert.deepEqual([wrong.status, wrong.body.code], [403, "WRONG_PASSWORD"]);
    const changed = await call(server, "POST", "/account/password", phone.token, { currentPassword: PASSWORD, newPassword: "a new password" });
    assert.deepEqual([changed.status, changed.body], [200, { endedSessions: 2 }]);
    assert.equal(await closed, CLOSE_SESSION_ENDED);
    for (const token of [gus.token, laptop.token]) assert.equal((await call(server, "GET", "/me", token)).status, 401);
    assert.equal((await call(server, "GET", "/me", phone.token)).status, 200);
    assert.equal((await signIn(server, "gus")).status, 401);
    assert.equal((await signIn(server, "gus", "a new password")).body.playerId, gus.playerId);
  });
});

describe("account limits per address", function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ signupsPerHour: 2, signinsPer15MinPerIp: 4, signinFailuresPer15Min: 0 });
  });
  after(() => server?.close());

  it("claims from one address are limited like sign-ups; sign-ins from one address are limited whatever the username", async () => {
    const guests = [await signUp(server, "Ida"), await signUp(server, "Ian")];
    // The sign-up limit is spent: the third guest comes from the store, as from another address.
    const third = await server.store.createGuest("Ivo");
    assert.equal((await claim(server, guests[0], "ida")).status, 201);
    assert.equal((await claim(server, guests[1], "ian")).status, 201);
    const limited = await claim(server, third, "ivo");
    assert.deepEqual([limited.status, limited.body.code], [429, "RATE_LIMITED"]);
    assert.match(limited.body.message, /claims/);
    assert.equal((await call(server, "GET", "/me", third.token)).body.username ?? null, null, "the refused claim made no account");

    // Four sign-ins from this address, right or wrong, any username; the fifth is refused, the right password too.
    assert.equal((await signIn(server, "ida")).status, 200);
    assert.equal((await signIn(server, "ian", "wrong password")).status, 401);
    assert.equal((await signIn(server, "nobody", "wrong password")).status, 401);
    assert.equal((await signIn(server, "ian")).status, 200);
    const held = await signIn(server, "ida");
    assert.deepEqual([held.status, held.body.code], [429, "RATE_LIMITED"]);
    assert.match(held.body.message, /sign-in attempts/);
  });
});

describe("an unknown username costs a password check", function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ signinsPer15MinPerIp: 0, signinFailuresPer15Min: 0 });
  });
  after(() => server?.close());

  it("a sign-in for an unknown username takes about as long as a wrong password (an Argon2id check each)", async () => {
    const kim = await signUp(server, "Kim");
    assert.equal((await claim(server, kim, "kim")).status, 201);
    const median = async (username: string) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        assert.equal((await signIn(server, username, "wrong password")).status, 401);
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[3];
    };
    const [wrong, unknown] = [await median("kim"), await median("nobody_at_all")];
    const floor = await (async () => {
      const t0 = performance.now();
      await call(server, "POST", "/account/signin", undefined, { username: 1, password: 2 });
      return performance.now() - t0;
    })();
    // Without the dummy hash an unknown name would answer in about the time of a refused body (no hash at all),
    // a small fraction of an Argon2id check (tens of ms at m=19456, t=2).
    assert.ok(wrong > floor * 3, `a wrong password (${wrong.toFixed(1)} ms) costs a hash check over a refused body (${floor.toFixed(1)} ms)`);
    assert.ok(unknown > wrong * 0.5 && unknown < wrong * 2, `unknown ${unknown.toFixed(1)} ms against wrong ${wrong.toFixed(1)} ms`);
  });
});

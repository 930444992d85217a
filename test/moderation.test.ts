import assert from "node:assert/strict";
import path from "node:path";
import Database from "better-sqlite3";
import type { Presence } from "@colyseus/core";
import { Client, type Room } from "colyseus.js";
import pg from "pg";
import { chatFilterSwitch } from "../base/chatFilterSwitch";
import { CLOSE_BANNED } from "../protocol/wire";
import { closeCode, seat, signUp, sleep, startGame, startTestServer, tempDir, type TestGuest, type TestServer } from "./support/harness";
import { testDatabaseUrl } from "./support/postgres";


const DAY = 24 * 60 * 60_000;
const basic = (password: string, user = "admin") => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (basic auth's 401): kept as text.
  }
  return { status: res.status, headers: res.headers, body };
}

/** A player's request to /api, with their token. */
async function api(server: TestServer, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return answer(await fetch(`${server.url}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

interface AdminCall {
  password?: string | null;
  contentType?: string;
  raw?: string;
  headers?: Record<string, string>;
}

/** The operator's request to /admin/api: the monitor password, and a JSON body for every POST and PUT. */
async function admin(server: TestServer, method: string, path: string, body?: unknown, call: AdminCall = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...call.headers };
  const password = call.password === undefined ? server.monitorPassword : call.password;
  if (password !== null) headers.authorization = basic(password);
  const sendsBody = method !== "GET";
  if (sendsBody) headers["content-type"] = call.contentType ?? "application/json";
  const payload = call.raw ?? (sendsBody ? JSON.stringify(body ?? {}) : undefined);
  return answer(await fetch(`${server.url}/admin/api${path}`, { method, headers, body: payload }));
}

async function joinLobby(server: TestServer, token: string): Promise<Room> {
  const client = new Client(server.wsUrl);
  client.auth.token = token;
  return client.joinOrCreate("lobby");
}

/** The moderation log's rows for a player, read straight from the database. */
/** An action as the admin API sent it (the log adds the replaced name to a rename). */
const sent = ({ previousName: _previous, ...action }: { kind: string; previousName?: string }) => action;

async function moderationLog(server: TestServer, playerId: string): Promise<{ kind: string }[]> {
  const sql = "SELECT action FROM moderation_log WHERE player_id = $1 ORDER BY id";
  if (server.config.databaseUrl) {
    const client = new pg.Client({ connectionString: server.config.databaseUrl });
    await client.connect();
    try {
      const rows = (await client.query(sql, [playerId])).rows;
      return rows.map((r) => sent(typeof r.action === "string" ? JSON.parse(r.action) : r.action));
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(server.dataDir, "parlor.db"), { readonly: true });
  try {
    return (db.prepare(sql.replace("$1", "?")).all(playerId) as { action: string }[]).map((r) => sent(JSON.parse(r.action)));
  } finally {
    db.close();
  }
}

/** Every message published on a channel of the server's presence (its own, in one process), in order. */
function listen(server: TestServer, channel: string): unknown[] {
  const seen: unknown[] = [];
  const { presence } = server.gameServer as unknown as { presence: Presence };
  void presence.subscribe(channel, (payload: unknown) => void seen.push(payload));
  return seen;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

for (const backend of ["SQLite", "PostgreSQL"] as const) describe(`moderation over HTTP and rooms (${backend})`, function () {
  this.timeout(60_000);
  let server: TestServer;
  let databaseUrl: string | undefined;

  before(async () => {
    databaseUrl = await testDatabaseUrl(backend);
    server = await startTestServer({ databaseUrl, adminRequestsPerMinute: 0, reportsPer10MinPerIp: 0 });
  });
  after(() => server?.close());

  describe("the admin API's door", () => {
    it("answers only with the monitor password, and JSON", async () => {
      assert.equal((await admin(server, "GET", "/reports", undefined, { password: null })).status, 401);
      assert.equal((await admin(server, "GET", "/reports", undefined, { password: "wrong" })).status, 401);
      assert.equal((await admin(server, "GET", "/reports", undefined, { password: "admin" })).status, 401);
      const ok = await admin(server, "GET", "/reports");
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body, { reports: [], players: {} });
      const unknown = await admin(server, "GET", "/nothing-here");
      assert.deepEqual([unknown.status, unknown.body.code], [404, "NOT_FOUND"]);
    });

    it("takes only JSON bodies named as such, small ones, from allowed origins: no form or simple cross-site request acts", async () => {
      const guest = await signUp(server, "Target");
      const ban = `/players/${guest.playerId}/ban`;
      for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const refused = await admin(server, "POST", ban, undefined, { contentType, raw: "{}" });
        assert.deepEqual([refused.status, refused.body.code], [415, "BAD_REQUEST"], contentType);
      }
      const noType = await fetch(`${server.url}/admin/api${ban}`, { method: "POST", headers: { authorization: basic(server.monitorPassword) } });
      assert.equal(noType.status, 415, "a POST without a body type");
      const foreign = await admin(server, "POST", ban, {}, { headers: { origin: "https://evil.example" } });
      assert.deepEqual([foreign.status, foreign.body.code], [403, "ORIGIN_NOT_ALLOWED"]);
      const large = await admin(server, "POST", `/players/${guest.playerId}/rename`, undefined, { raw: JSON.stringify({ name: "x".repeat(3000) }) });
      assert.deepEqual([large.status, large.body.code], [413, "BAD_REQUEST"]);
      const malformed = await admin(server, "POST", ban, undefined, { raw: "{nope" });
      assert.deepEqual([malformed.status, malformed.body.code], [400, "BAD_REQUEST"]);
      assert.equal((await admin(server, "POST", ban, { reason: "extra" })).status, 400, "a ban takes an empty object");
      assert.equal((await api(server, "GET", "/me", guest.token)).body.bannedAt, null, "nothing was banned by any of these");
      assert.deepEqual(await moderationLog(server, guest.playerId), []);
    });
  });

  describe("bans", () => {
    it("a ban closes the player's lobby and game sockets with 4403 and refuses every join with BANNED; /api/me still answers; unban lets them back", async () => {
      const [ann, bob, cy, dee] = await Promise.all(["Ann", "Bob", "Cy", "Dee"].map((n) => signUp(server, n)));
      const bans = listen(server, "parlor:bans");
      const moderation = listen(server, "parlor:moderation");
      const lobby = await joinLobby(server, ann.token);
      const { roomId, rooms } = await startGame(server, "tictactoe", ann, bob);
      const watched = await startGame(server, "tictactoe", cy, dee);
      const lobbyClosed = closeCode(lobby, 5000);
      const gameClosed = closeCode(rooms[0], 5000);

      const banned = await admin(server, "POST", `/players/${ann.playerId}/ban`, {});
      assert.equal(banned.status, 200, JSON.stringify(banned.body));
      assert.equal(banned.body.player.playerId, ann.playerId);
      assert.equal(typeof banned.body.player.bannedAt, "number");
      assert.equal(await lobbyClosed, CLOSE_BANNED);
      assert.equal(await gameClosed, CLOSE_BANNED);
      assert.equal(rooms[1].connection.isOpen, true, "the opponent stays");
      await until(() => bans.length > 0 && moderation.length > 0, "the ban's announcements");
      assert.deepEqual(bans, [{ playerId: ann.playerId, banned: true }]);
      assert.deepEqual(moderation, [{ playerId: ann.playerId }]);

      const me = await api(server, "GET", "/me", ann.token);
      assert.equal(me.status, 200);
      assert.deepEqual(me.body, { playerId: ann.playerId, name: "Ann", bannedAt: banned.body.player.bannedAt, chatMutedUntil: null });

      // The seat requests themselves are refused (the rooms' static onAuth): no seat is reserved for a banned player.
      const seatRequest = async (route: string, body: object) => {
        const res = await fetch(`${server.url}/matchmake/${route}`, { method: "POST", headers: { authorization: `Bearer ${ann.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
        return (await res.json()) as { code: number; error: string; room?: unknown };
      };
      for (const [route, body] of [["joinOrCreate/lobby", {}], [`joinById/${watched.roomId}`, { spectate: true }]] as const) {
        const refused = await seatRequest(route, body);
        assert.equal(refused.room, undefined, `no seat from ${route}`);
        assert.deepEqual([refused.code, refused.error.split(":")[0]], [CLOSE_BANNED, "BANNED"], route);
      }
      const isBanned = (e: Error) => /^BANNED: /.test(e.message);
      await assert.rejects(joinLobby(server, ann.token), isBanned, "the lobby");
      await assert.rejects(ann.client.joinById(watched.roomId, { spectate: true }), isBanned, "a game, as a spectator");
      const match = await server.createMatch("tictactoe", [seat(ann), seat(cy)], { rated: false });
      await assert.rejects(ann.client.consumeSeatReservation(match.reservations[ann.playerId] as never), isBanned, "a game, as a player with a reservation");
      await assert.rejects(ann.client.reconnect(rooms[0].reconnectionToken), isBanned, "the game it was closed from");
      assert.equal((await api(server, "GET", `/players/${ann.playerId}`)).status, 200, "the profile stays");

      const unbanned = await admin(server, "POST", `/players/${ann.playerId}/unban`, {});
      assert.deepEqual([unbanned.status, unbanned.body.player.bannedAt], [200, null]);
      await until(() => bans.length === 2, "the unban's announcement");
      assert.deepEqual(bans[1], { playerId: ann.playerId, banned: false });
      assert.equal((await api(server, "GET", "/me", ann.token)).body.bannedAt, null);
      const back = await joinLobby(server, ann.token);
      await sleep(100);
      assert.equal(back.connection.isOpen, true, "the lobby takes them again and keeps them");
      const spectator = await ann.client.joinById(watched.roomId, { spectate: true });
      assert.equal(spectator.connection.isOpen, true);
      assert.deepEqual((await moderationLog(server, ann.playerId)).map((a) => a.kind), ["ban", "unban"]);
      for (const room of [back, spectator, rooms[1], ...watched.rooms]) await room.leave();
      void roomId;
    });

    it("bots and unknown players cannot be moderated", async () => {
      const bot = await server.store.ensureBot("bot-moderation", "Botty");
      const refused = await admin(server, "POST", `/players/${bot.id}/ban`, {});
      assert.deepEqual([refused.status, refused.body.code], [400, "BAD_REQUEST"]);
      for (const kind of ["ban", "unban", "unmute"]) {
        const unknown = await admin(server, "POST", `/players/no-such-player/${kind}`, {});
        assert.deepEqual([unknown.status, unknown.body.code], [404, "NOT_FOUND"], kind);
      }
      assert.equal((await admin(server, "POST", `/players/${"x".repeat(65)}/ban`, {})).status, 400);
      assert.equal((await admin(server, "GET", "/players/no-such-player")).status, 404);
    });
  });

  describe("mute and rename", () => {
    it("a mute for N minutes shows in the player, the lookup and /api/me, until unmuted; bad minutes are refused", async () => {
      const eve = await signUp(server, "Eve");
      const moderation = listen(server, "parlor:moderation");
      const before = Date.now();
      const muted = await admin(server, "POST", `/players/${eve.playerId}/mute`, { minutes: 30 });
      assert.equal(muted.status, 200, JSON.stringify(muted.body));
      const until30 = muted.body.player.chatMutedUntil;
      assert.ok(until30 >= before + 30 * 60_000 && until30 <= Date.now() + 30 * 60_000, `muted until ${until30}`);
      assert.equal((await admin(server, "GET", `/players/${eve.playerId}`)).body.player.chatMutedUntil, until30);
      assert.equal((await api(server, "GET", "/me", eve.token)).body.chatMutedUntil, until30);
      for (const minutes of [0, -5, 1.5, "10", 366 * 24 * 60]) {
        const refused = await admin(server, "POST", `/players/${eve.playerId}/mute`, { minutes });
        assert.deepEqual([refused.status, refused.body.code], [400, "BAD_REQUEST"], String(minutes));
      }
      assert.equal((await admin(server, "POST", `/players/${eve.playerId}/mute`, {})).status, 400, "minutes are required");
      const unmuted = await admin(server, "POST", `/players/${eve.playerId}/unmute`, {});
      assert.deepEqual([unmuted.status, unmuted.body.player.chatMutedUntil], [200, null]);
      assert.equal((await api(server, "GET", "/me", eve.token)).body.chatMutedUntil, null);
      await until(() => moderation.length === 2, "an announcement per action");
      assert.deepEqual(moderation, [{ playerId: eve.playerId }, { playerId: eve.playerId }]);
      assert.deepEqual((await moderationLog(server, eve.playerId)).map((a) => a.kind), ["mute", "unmute"]);
    });

    it("a rename follows protocol/playerName.ts's rule and shows in /api/players/:id and /api/me", async () => {
      const fay = await signUp(server, "Rude Name");
      for (const name of ["", "   ", "x".repeat(21), "<script>", 5]) {
        const refused = await admin(server, "POST", `/players/${fay.playerId}/rename`, { name });
        assert.deepEqual([refused.status, refused.body.code], [400, "BAD_REQUEST"], String(name));
      }
      const tooLong = await admin(server, "POST", `/players/${fay.playerId}/rename`, { name: "x".repeat(21) });
      assert.equal(tooLong.body.message, "Your name must be at most 20 characters.");
      const renamed = await admin(server, "POST", `/players/${fay.playerId}/rename`, { name: "  Player 7  " });
      assert.deepEqual([renamed.status, renamed.body.player.name], [200, "Player 7"]);
      assert.equal((await api(server, "GET", `/players/${fay.playerId}`)).body.name, "Player 7");
      assert.equal((await api(server, "GET", "/me", fay.token)).body.name, "Player 7");
      assert.deepEqual(await moderationLog(server, fay.playerId), [{ kind: "rename", name: "Player 7" }]);
      // The store's own reading of the log, as the operator's lookup shows it: the replaced name is kept.
      await admin(server, "POST", `/players/${fay.playerId}/mute`, { minutes: 5 });
      const looked = await admin(server, "GET", `/players/${fay.playerId}`);
      assert.deepEqual(looked.body.history.map((e: any) => e.action), [
        { kind: "mute", until: looked.body.player.chatMutedUntil },
        { kind: "rename", name: "Player 7", previousName: "Rude Name" },
      ]);
      assert.ok(looked.body.history.every((e: any) => typeof e.at === "number"));
    });
  });

  describe("reports", () => {
    it("a report from a profile is listed for the operator, with the players' lookup; resolving closes it; the sweep deletes it after the retention", async () => {
      const [gus, hal] = await Promise.all([signUp(server, "Gus"), signUp(server, "Hal")]);
      const filed = await api(server, "POST", "/reports", hal.token, { playerId: gus.playerId, reason: "name", note: "  an offensive name  " });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      assert.equal(typeof filed.body.id, "string");
      const other = await api(server, "POST", "/reports", gus.token, { playerId: hal.playerId, reason: "spam" });
      assert.equal(other.status, 201);

      const open = await admin(server, "GET", "/reports?status=open");
      const report = open.body.reports.find((r: any) => r.id === filed.body.id);
      assert.deepEqual(
        { ...report, at: typeof report.at },
        {
          id: filed.body.id, reporterId: hal.playerId, reporterName: "Hal", reportedId: gus.playerId, reportedName: "Gus", reason: "name",
          note: "an offensive name", roomId: "", matchId: null, lines: [], at: "number", resolvedAt: null, resolution: null,
        },
      );
      assert.equal(open.body.players[gus.playerId].name, "Gus", "the reported player's state comes with the list");
      assert.equal(open.body.players[gus.playerId].bannedAt, null);
      const looked = await admin(server, "GET", `/players/${gus.playerId}`);
      assert.deepEqual(looked.body.reports.map((r: any) => r.id), [filed.body.id], "reports against the player, not by them");

      for (const resolution of ["", "   ", "x".repeat(501)]) {
        assert.equal((await admin(server, "POST", `/reports/${filed.body.id}/resolve`, { resolution })).status, 400, `resolution ${resolution.length}`);
      }
      assert.equal((await admin(server, "POST", `/reports/${filed.body.id}/resolve`, {})).status, 400);
      const resolved = await admin(server, "POST", `/reports/${filed.body.id}/resolve`, { resolution: "renamed the player" });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      const resolvedAt = resolved.body.resolvedAt;
      assert.deepEqual(resolved.body, { id: filed.body.id, resolvedAt, resolution: "renamed the player" });
      const again = await admin(server, "POST", `/reports/${filed.body.id}/resolve`, { resolution: "twice" });
      assert.deepEqual([again.status, again.body.code], [404, "NOT_FOUND"]);
      assert.equal((await admin(server, "POST", "/reports/no-such-report/resolve", { resolution: "x" })).status, 404);
      assert.equal((await admin(server, "GET", "/reports?status=open")).body.reports.some((r: any) => r.id === filed.body.id), false);
      const all = (await admin(server, "GET", "/reports?status=all")).body.reports;
      assert.deepEqual(
        all.filter((r: any) => r.id === filed.body.id).map((r: any) => [r.resolvedAt, r.resolution]),
        [[resolvedAt, "renamed the player"]],
      );
      assert.equal((await admin(server, "GET", "/reports?status=closed")).status, 400);
      assert.equal((await admin(server, "GET", "/reports?limit=0")).status, 400);

      // Kept REPORT_RETENTION_DAYS (90) after being resolved; the open one stays however old.
      assert.equal(await server.sweepReports(resolvedAt + 89 * DAY), 0);
      assert.ok((await admin(server, "GET", "/reports?status=all")).body.reports.some((r: any) => r.id === filed.body.id));
      assert.ok((await server.sweepReports(resolvedAt + 91 * DAY)) >= 1);
      const left = (await admin(server, "GET", "/reports?status=all")).body.reports.map((r: any) => r.id);
      assert.equal(left.includes(filed.body.id), false, "deleted after the retention");
      assert.ok(left.includes(other.body.id), "an open report is kept until resolved");
    });

    it("refuses reports without a token, with a bad body, of oneself, of an unknown player or a bot, and from a banned player", async () => {
      const [ivy, jon] = await Promise.all([signUp(server, "Ivy"), signUp(server, "Jon")]);
      const bot = await server.store.ensureBot("bot-report", "Robo");
      const report = (token: string | undefined, body: unknown) => api(server, "POST", "/reports", token, body);
      const codes = async (token: string | undefined, body: unknown) => {
        const a = await report(token, body);
        return [a.status, a.body.code];
      };
      assert.deepEqual(await codes(undefined, { playerId: jon.playerId, reason: "abuse" }), [401, "AUTH_REQUIRED"]);
      assert.deepEqual(await codes("not-a-token", { playerId: jon.playerId, reason: "abuse" }), [401, "AUTH_INVALID"]);
      for (const body of [{ playerId: jon.playerId, reason: "rude" }, { reason: "abuse" }, { playerId: jon.playerId, reason: "abuse", extra: 1 },
        { playerId: jon.playerId, reason: "abuse", note: "x".repeat(501) }, { playerId: 5, reason: "abuse" }, []]) {
        assert.deepEqual(await codes(ivy.token, body), [400, "BAD_REQUEST"], JSON.stringify(body).slice(0, 80));
      }
      const self = await report(ivy.token, { playerId: ivy.playerId, reason: "abuse" });
      assert.deepEqual([self.status, self.body.code, self.body.message], [400, "BAD_REQUEST", "You cannot report yourself."]);
      assert.deepEqual(await codes(ivy.token, { playerId: "no-such-player", reason: "abuse" }), [404, "NOT_FOUND"]);
      assert.deepEqual(await codes(ivy.token, { playerId: bot.id, reason: "cheating" }), [400, "BAD_REQUEST"]);
      await admin(server, "POST", `/players/${ivy.playerId}/ban`, {});
      assert.deepEqual(await codes(ivy.token, { playerId: jon.playerId, reason: "abuse" }), [403, "BANNED"]);
      const listed = (await admin(server, "GET", "/reports?status=all")).body.reports;
      assert.equal(listed.some((r: any) => r.reporterId === ivy.playerId), false, "nothing was filed");
    });

    it("REPORT_LIMITED past 5 filed reports in 10 minutes per reporter; refused ones do not count; others are not held back", async () => {
      const [kim, lou, max] = await Promise.all(["Kim", "Lou", "Max"].map((n) => signUp(server, n)));
      assert.equal((await api(server, "POST", "/reports", kim.token, { playerId: kim.playerId, reason: "spam" })).status, 400);
      for (let i = 0; i < 5; i++) assert.equal((await api(server, "POST", "/reports", kim.token, { playerId: lou.playerId, reason: "spam", note: `#${i}` })).status, 201, `report ${i + 1}`);
      const limited = await api(server, "POST", "/reports", kim.token, { playerId: max.playerId, reason: "abuse" });
      assert.deepEqual([limited.status, limited.body.code], [429, "REPORT_LIMITED"]);
      assert.match(limited.body.message, /^At most 5 reports in 10 minutes from one player; try again in \d+ minutes?\.$/);
      assert.equal((await api(server, "POST", "/reports", lou.token, { playerId: kim.playerId, reason: "spam" })).status, 201);
    });
  });

  describe("player lookup", () => {
    it("finds a player by id, by username (ignoring case) and by a shown name in reports, with the reports against them", async () => {
      const [pam, quin] = await Promise.all([signUp(server, "Pam"), signUp(server, "Quin")]);
      assert.equal((await api(server, "POST", "/account/claim", pam.token, { username: "pam_account", password: "correct horse battery" })).status, 201);
      const id = (await api(server, "POST", "/reports", quin.token, { playerId: pam.playerId, reason: "abuse", note: "rude" })).body.id;
      const find = async (name: string) => (await admin(server, "GET", `/players?name=${encodeURIComponent(name)}`)).body.players;
      for (const name of [pam.playerId, "PAM_account", "pam", " Pam "]) {
        const found = await find(name);
        const hit = found.find((f: any) => f.player.playerId === pam.playerId);
        assert.ok(hit, `found by ${name}`);
        assert.deepEqual({ ...hit.player, createdAt: typeof hit.player.createdAt }, {
          playerId: pam.playerId, name: "Pam", isBot: false, createdAt: "number", username: "pam_account", bannedAt: null, chatMutedUntil: null,
        });
        assert.deepEqual(hit.reports.map((r: any) => r.id), [id]);
      }
      assert.deepEqual((await find("Quin")).map((f: any) => f.player.playerId), [quin.playerId], "a reporter's shown name too");
      assert.deepEqual(await find("nobody-by-that-name"), []);
      // A guest never in any report, by their shown name (any case); two players may share one.
      const [ray, ray2] = [await signUp(server, "Ray Quiet"), await signUp(server, "ray quiet")];
      assert.deepEqual((await find("RAY QUIET")).map((f: any) => f.player.playerId), [ray.playerId, ray2.playerId]);
      assert.equal((await admin(server, "GET", "/players")).status, 400);
      assert.equal((await admin(server, "GET", `/players?name=${"x".repeat(65)}`)).status, 400);
    });
  });

  describe("the chat filter switch", () => {
    it("reads and sets the switch, tells every process, and refuses bad bodies", async () => {
      const announced = listen(server, "parlor:chat-filter");
      assert.deepEqual((await admin(server, "GET", "/chat-filter")).body, { enabled: true });
      const off = await admin(server, "PUT", "/chat-filter", { enabled: false });
      assert.deepEqual([off.status, off.body], [200, { enabled: false }]);
      assert.deepEqual((await admin(server, "GET", "/chat-filter")).body, { enabled: false });
      assert.equal(chatFilterSwitch.enabled, false, "the rooms' switch in this process");
      await until(() => announced.length === 1, "the announcement");
      assert.deepEqual(announced, [{ enabled: false }]);
      for (const body of [{}, { enabled: "no" }, { enabled: true, extra: 1 }]) assert.equal((await admin(server, "PUT", "/chat-filter", body)).status, 400);
      assert.equal((await admin(server, "PUT", "/chat-filter", undefined, { contentType: "text/plain", raw: '{"enabled":true}' })).status, 415);
      assert.equal((await admin(server, "PUT", "/chat-filter", { enabled: true }, { password: "guess" })).status, 401);
      assert.deepEqual((await admin(server, "PUT", "/chat-filter", { enabled: true })).body, { enabled: true });
      assert.equal(chatFilterSwitch.enabled, true);
    });
  });
});

describe("moderation: configuration", function () {
  this.timeout(30_000);

  it("with no MONITOR_PASSWORD the admin API and the page are behind the password made at start, never a default one", async () => {
    const server = await startTestServer({ monitorPassword: undefined });
    try {
      assert.ok(server.monitorPassword.length >= 16);
      for (const guess of [null, "", "admin", "password", "test-monitor-password"]) {
        assert.equal((await admin(server, "GET", "/reports", undefined, { password: guess })).status, 401, `password ${guess}`);
        const page = await fetch(`${server.url}/monitor/moderation/`, { headers: guess === null ? {} : { authorization: basic(guess) } });
        assert.equal(page.status, 401, `page with ${guess}`);
      }
      assert.equal((await admin(server, "GET", "/reports")).status, 200);
    } finally {
      await server.close();
    }
  });

  it("CHAT_FILTER sets the switch at start", async () => {
    const server = await startTestServer({ chatFilter: false });
    try {
      assert.deepEqual((await admin(server, "GET", "/chat-filter")).body, { enabled: false });
      assert.equal(chatFilterSwitch.enabled, false);
    } finally {
      await server.close();
    }
  });

  it("admin requests are limited per address, wrong passwords included", async () => {
    const server = await startTestServer({ adminRequestsPerMinute: 3 });
    try {
      assert.equal((await admin(server, "GET", "/reports", undefined, { password: "guess-1" })).status, 401);
      assert.equal((await admin(server, "GET", "/reports", undefined, { password: "guess-2" })).status, 401);
      assert.equal((await admin(server, "GET", "/reports")).status, 200);
      const limited = await admin(server, "GET", "/reports");
      assert.deepEqual([limited.status, limited.body.code], [429, "RATE_LIMITED"]);
      assert.equal((await admin(server, "GET", "/reports", undefined, { password: "guess-3" })).status, 429, "no more guesses either");
    } finally {
      await server.close();
    }
  });

  it("reports are limited per address too (REPORTS_PER_10_MIN_PER_IP)", async () => {
    const server = await startTestServer({ reportsPer10MinPerIp: 3 });
    try {
      const players: TestGuest[] = [];
      for (const name of ["R1", "R2", "R3", "R4", "Target"]) players.push(await signUp(server, name));
      const target = players[4];
      for (const reporter of players.slice(0, 3)) assert.equal((await api(server, "POST", "/reports", reporter.token, { playerId: target.playerId, reason: "spam" })).status, 201);
      const limited = await api(server, "POST", "/reports", players[3].token, { playerId: target.playerId, reason: "spam" });
      assert.deepEqual([limited.status, limited.body.code], [429, "REPORT_LIMITED"]);
      assert.match(limited.body.message, /from one address/);
    } finally {
      await server.close();
    }
  });
});

// Servers started one after the other (Colyseus's matchmaker is one per process), so outside the blocks above.
for (const backend of ["SQLite", "PostgreSQL"] as const) describe(`the report retention sweep (${backend})`, function () {
  this.timeout(60_000);

  it("runs when the server starts", async () => {
    const dataDir = tempDir();
    const databaseUrl = await testDatabaseUrl(backend);
    const first = await startTestServer({ dataDir, databaseUrl });
    const [nia, oli] = await Promise.all([signUp(first, "Nia"), signUp(first, "Oli")]);
    const old = (await api(first, "POST", "/reports", nia.token, { playerId: oli.playerId, reason: "abuse" })).body.id;
    const recent = (await api(first, "POST", "/reports", oli.token, { playerId: nia.playerId, reason: "spam" })).body.id;
    assert.equal(await first.store.resolveReport(old, "long ago", Date.now() - 91 * DAY), true);
    assert.equal(await first.store.resolveReport(recent, "lately", Date.now() - 89 * DAY), true);
    await first.close();
    const second = await startTestServer({ dataDir, databaseUrl });
    try {
      const ids = async () => (await admin(second, "GET", "/reports?status=all")).body.reports.map((r: any) => r.id);
      await until(async () => !(await ids()).includes(old), "the start's sweep");
      assert.deepEqual(await ids(), [recent], "the one resolved 89 days ago stays");
    } finally {
      await second.close();
    }
  });
});

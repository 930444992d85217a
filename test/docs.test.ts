import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { GAMES } from "../games/registry";
import { ErrorCode } from "../protocol/errors";
import { LOBBY_TOPICS } from "../protocol/wire";

const read = (file: string) => fs.readFileSync(path.join(__dirname, "..", "docs", file), "utf8");

// The docs are written by hand; these keep them from falling behind the registries.
describe("docs follow the game registry", () => {
  const protocol = read("protocol.md");
  const operations = read("operations.md");
  const gameRooms = protocol.slice(protocol.indexOf("## 4."), protocol.indexOf("## 5."));

  for (const game of Object.values(GAMES)) {
    it(`${game.name}: protocol.md §4 names its room, move message and errors; operations.md its settings`, () => {
      assert.ok(gameRooms.includes(`\`${game.name}\``), `protocol.md §4 does not name the room \`${game.name}\``);
      assert.ok(gameRooms.includes(`\`${game.move.type}\``), `protocol.md §4 does not list the message \`${game.move.type}\``);
      for (const code of game.errors) assert.ok(protocol.includes(`| \`${code}\` |`), `protocol.md §6 has no row for ${code}`);
      for (const setting of [game.clock, ...Object.values(game.ruleOptions)]) {
        assert.ok(operations.includes(`| \`${setting.env}\` | \`${setting.default}\` |`), `operations.md lists no ${setting.env} with its default ${setting.default}`);
      }
    });
  }

  it("every error code has its row in protocol.md §6", () => {
    for (const code of Object.values(ErrorCode)) assert.ok(protocol.includes(`| \`${code}\` |`), `no row for ${code}`);
  });

  it("protocol.md §3 lists every message the lobby handles and every feed it sends", () => {
    const lobby = protocol.slice(protocol.indexOf("## 3."), protocol.indexOf("## 4."));
    const source = fs.readFileSync(path.join(__dirname, "..", "lobby", "LobbyRoom.ts"), "utf8");
    const handled = [...source.matchAll(/this\.onMessage\("([^"*]+)"/g)].map((m) => m[1]);
    assert.ok(handled.includes("subscribe") && handled.includes("queue"), "found the lobby's handlers");
    for (const type of handled) assert.ok(lobby.includes(`| \`${type}\` |`), `protocol.md §3 has no row for the message ${type}`);
    for (const topic of LOBBY_TOPICS) assert.ok(lobby.includes(`| \`${topic}\` | \`${topic}\` |`), `protocol.md §3 does not document the feed ${topic}`);
  });
});

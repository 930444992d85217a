import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { GAMES } from "../games/registry";
import { ErrorCode } from "../protocol/errors";

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
});

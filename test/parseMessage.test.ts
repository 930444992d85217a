import assert from "node:assert/strict";
import { z } from "zod";
import { GAMES } from "../games/registry";
import { seededRandom } from "../loadtest/seededRandom";
import { compile, parseMessage } from "../protocol/parseMessage";

/** What zod alone says: the answer parseMessage gave before it had a fast path. */
function zodOnly(schema: z.ZodTypeAny, payload: unknown) {
  const parsed = schema.safeParse(payload);
  return parsed.success;
}

function randomPayload(random: () => number, depth = 0): unknown {
  const keys = ["cell", "column", "hand", "__proto__", "constructor", "toString", "extra", ""];
  switch (Math.floor(random() * 11)) {
    case 0: return null;
    case 1: return undefined;
    case 2: return random() < 0.5;
    case 3: return Math.floor(random() * 24) - 8;
    case 4: return [NaN, Infinity, -Infinity, -0, 0.5, 6.0000001, 2 ** 53, Number.MIN_VALUE][Math.floor(random() * 8)];
    case 5: return ["rock", "paper", "scissors", "lizard", "", "ROCK", "4"][Math.floor(random() * 7)];
    case 6: return depth > 1 ? [] : Array.from({ length: Math.floor(random() * 3) }, () => randomPayload(random, depth + 1));
    case 7: {
      const obj: Record<string, unknown> = random() < 0.2 ? Object.create(null) : {};
      for (let i = Math.floor(random() * 3); i > 0; i--) obj[keys[Math.floor(random() * keys.length)]] = randomPayload(random, depth + 1);
      return obj;
    }
    case 8: return { [keys[Math.floor(random() * 3)]]: random() < 0.5 ? Math.floor(random() * 12) - 2 : ["rock", "paper", "scissors"][Math.floor(random() * 3)] };
    case 9: return new (class Move { cell = 4; })();
    default: return new Map([["cell", 4]]);
  }
}

const emptyMessage = z.union([z.undefined(), z.null(), z.object({}).strict()]);
const schemas: [string, z.ZodTypeAny][] = [...Object.values(GAMES).map((g) => [`${g.name} ${g.move.type}`, g.move.schema] as [string, z.ZodTypeAny]), ["empty message", emptyMessage]];

describe("parseMessage's fast path", () => {
  for (const [name, schema] of schemas) {
    it(`${name}: a fast check exists, accepts nothing zod refuses, and parseMessage answers as zod alone`, () => {
      const fast = compile(schema);
      assert.ok(fast, "every move and empty message has a fast check");
      const random = seededRandom(name.length * 7919);
      let acceptedFast = 0;
      for (let i = 0; i < 5_000; i++) {
        const payload = randomPayload(random);
        const zodSays = zodOnly(schema, payload);
        if (fast(payload)) {
          acceptedFast++;
          assert.ok(zodSays, `fast path accepted what zod refuses: ${String(JSON.stringify(payload))}`);
          assert.deepEqual(schema.parse(payload), payload, "and zod's output is the payload itself");
        }
        const answer = parseMessage(schema, payload);
        assert.equal(answer.ok, zodSays);
      }
      assert.ok(acceptedFast > 25, "valid payloads take the fast path");
    });
  }

  it("takes the fast path for each valid move, and leaves errors to zod's wording", () => {
    const valid: Record<string, unknown[]> = {
      tictactoe: Array.from({ length: 9 }, (_, cell) => ({ cell })),
      connectfour: Array.from({ length: 7 }, (_, column) => ({ column })),
      rps: ["rock", "paper", "scissors"].map((hand) => ({ hand })),
    };
    for (const game of Object.values(GAMES)) {
      const fast = compile(game.move.schema)!;
      for (const payload of valid[game.name]) assert.equal(fast(payload), true, `${game.name} ${JSON.stringify(payload)}`);
    }
    const outOfRange = parseMessage(GAMES.tictactoe.move.schema, { cell: 9 });
    assert.equal(outOfRange.ok, false);
    assert.equal(!outOfRange.ok && outOfRange.error.code, "OUT_OF_RANGE");
    const extra = parseMessage(GAMES.tictactoe.move.schema, { cell: 1, x: 1 });
    assert.equal(!extra.ok && extra.error.code, "BAD_MESSAGE");
  });

  it("gives no fast check to a schema it does not fully understand", () => {
    assert.equal(compile(z.object({ a: z.number().optional() }).strict()), null);
    assert.equal(compile(z.object({ a: z.number() })), null, "a stripping (non-strict) object changes its output");
    assert.equal(compile(z.string().min(1)), null);
    assert.equal(compile(z.number().multipleOf(2)), null);
  });
});

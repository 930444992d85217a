import type { z } from "zod";
import { ErrorCode, GameError, gameError } from "./errors";

/**
 * Validates a client payload; range problems are OUT_OF_RANGE, all else BAD_MESSAGE.
 * A payload of exactly the valid shape is accepted by a check compiled once from the schema (`acceptsFast`),
 * which allocates nothing; anything else goes through zod, which decides and words the error.
 */
export function parseMessage<S extends z.ZodTypeAny>(
  schema: S,
  payload: unknown,
): { ok: true; value: z.output<S> } | { ok: false; error: GameError } {
  if (fastCheckOf(schema)?.(payload)) return { ok: true, value: payload as z.output<S> };
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  const code = issue.code === "too_small" || issue.code === "too_big" ? ErrorCode.OUT_OF_RANGE : ErrorCode.BAD_MESSAGE;
  return { ok: false, error: gameError(code, `${where}${issue.message}`) };
}

type Check = (value: unknown) => boolean;

const checks = new WeakMap<z.ZodTypeAny, Check | null>();

/** The schema's fast check, compiled on first use; null for a schema it does not fully understand. */
function fastCheckOf(schema: z.ZodTypeAny): Check | null {
  let check = checks.get(schema);
  if (check === undefined) checks.set(schema, (check = compile(schema)));
  return check;
}

/**
 * A check that accepts only values the schema accepts and whose parsed output equals the value itself: strict
 * objects of required fields, numbers with int/min/max/finite checks, string enums, undefined, null and unions of
 * those. Any other schema gets no fast check (null), so that zod alone decides. Exported for its test.
 */
export function compile(schema: z.ZodTypeAny): Check | null {
  const def = schema._def as { typeName?: string } & Record<string, any>;
  switch (def.typeName) {
    case "ZodUndefined":
      return (value) => value === undefined;
    case "ZodNull":
      return (value) => value === null;
    case "ZodEnum": {
      const values: readonly unknown[] = def.values;
      if (!values.every((v) => typeof v === "string")) return null;
      return (value) => typeof value === "string" && values.includes(value);
    }
    case "ZodNumber": {
      let min = -Infinity;
      let max = Infinity;
      let minInclusive = true;
      let maxInclusive = true;
      let int = false;
      let finite = false;
      for (const c of def.checks as { kind: string; value?: number; inclusive?: boolean }[]) {
        if (c.kind === "int") int = true;
        else if (c.kind === "finite") finite = true;
        else if (c.kind === "min" && c.value! >= min) [min, minInclusive] = [c.value!, c.inclusive !== false];
        else if (c.kind === "max" && c.value! <= max) [max, maxInclusive] = [c.value!, c.inclusive !== false];
        else return null;
      }
      return (value) =>
        typeof value === "number" &&
        !Number.isNaN(value) &&
        (!int || Number.isInteger(value)) &&
        (!finite || Number.isFinite(value)) &&
        (minInclusive ? value >= min : value > min) &&
        (maxInclusive ? value <= max : value < max);
    }
    case "ZodObject": {
      if (def.unknownKeys !== "strict" || def.catchall?._def?.typeName !== "ZodNever") return null;
      const shape: Record<string, z.ZodTypeAny> = def.shape();
      const keys = Object.keys(shape);
      const fields: Record<string, Check> = Object.create(null);
      for (const key of keys) {
        const field = compile(shape[key]);
        if (!field) return null;
        fields[key] = field;
      }
      return (value) => {
        if (typeof value !== "object" || value === null) return false;
        if (Object.getPrototypeOf(value) !== Object.prototype) return false;
        let count = 0;
        for (const key in value) {
          const field = fields[key];
          if (!field || !Object.prototype.hasOwnProperty.call(value, key) || !field((value as Record<string, unknown>)[key])) return false;
          count++;
        }
        return count === keys.length;
      };
    }
    case "ZodUnion": {
      const options = (def.options as z.ZodTypeAny[]).map(compile);
      if (options.some((o) => o === null)) return null;
      const all = options as Check[];
      return (value) => {
        for (let i = 0; i < all.length; i++) if (all[i](value)) return true;
        return false;
      };
    }
    default:
      return null;
  }
}

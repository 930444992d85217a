import express from "express";
import { z } from "zod";
import { ErrorCode } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import type { PreferencesView } from "../protocol/wire";
import type { ChallengePolicy, Store } from "../store/types";
import { fail, handle } from "./apiAnswers";
import { jsonErrors } from "./jsonErrors";
import { signedInPlayer } from "./signedInPlayer";

export const CHALLENGE_POLICIES = ["everyone", "played", "nobody"] as const satisfies readonly ChallengePolicy[];

const preferencesChange = z
  .object({
    chatOff: z.boolean().optional(),
    challenges: z.enum(CHALLENGE_POLICIES, { errorMap: () => ({ message: `challenges must be one of: ${CHALLENGE_POLICIES.join(", ")}` }) }).optional(),
  })
  .strict();
const playerIdParam = z.string().min(1).max(64);


export interface PreferencesRoutesOptions {
  store: Store;
  now?: () => number;
  /** After a change: rooms the player is in read their preferences again (MODERATION_CHANNEL). */
  onChanged?: (playerId: string) => void;
}

/**
 * The signed-in player's own choices, under /api/me: chat off, who may challenge them, and whom they mute. Kept on the
 * server so that they follow the player to every device; game rooms and the lobby read them at join.
 */
export function preferencesRoutes(options: PreferencesRoutesOptions): express.Router {
  const { store } = options;
  const now = options.now ?? Date.now;
  const router = express.Router();
  const json = express.json({ limit: "1kb" });

  async function view(playerId: string): Promise<PreferencesView> {
    const { chatOff, challenges, muted } = await store.preferences(playerId);
    const players = await Promise.all(muted.map((id) => store.getPlayer(id)));
    return { chatOff, challenges, muted: players.flatMap((p) => (p ? [{ playerId: p.id, name: p.name }] : [])) };
  }

  router.get("/me/preferences", handle(async (req, res) => {
    const player = await signedInPlayer(store, req, res);
    if (!player) return;
    res.json(await view(player.id));
  }));

  router.put("/me/preferences", json, handle(async (req, res) => {
    const player = await signedInPlayer(store, req, res);
    if (!player) return;
    const change = parseMessage(preferencesChange, req.body ?? {});
    if (!change.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, change.error.message);
    await store.setPreferences(player.id, change.value);
    options.onChanged?.(player.id);
    res.json(await view(player.id));
  }));

  for (const [method, muted] of [["put", true], ["delete", false]] as const) {
    router[method]("/me/mutes/:playerId", handle(async (req, res) => {
      const player = await signedInPlayer(store, req, res);
      if (!player) return;
      const id = parseMessage(playerIdParam, req.params.playerId);
      if (!id.ok) return fail(res, 400, ErrorCode.BAD_REQUEST, `playerId: ${id.error.message}`);
      if (id.value === player.id) return fail(res, 400, ErrorCode.BAD_REQUEST, "You cannot mute yourself.");
      if (!(await store.getPlayer(id.value))) return fail(res, 404, ErrorCode.NOT_FOUND, "No such player.");
      await store.setMuted(player.id, id.value, muted, now());
      options.onChanged?.(player.id);
      res.json(await view(player.id));
    }));
  }

  router.use(jsonErrors("preferences"));
  return router;
}

import path from "node:path";
import type { Config } from "../base/config";
import { openPostgresStore } from "./postgres";
import { openSqliteStore } from "./sqlite";
import type { Store } from "./types";

/** PostgreSQL when DATABASE_URL is set; otherwise the embedded SQLite file, the default. */
export async function openStore(config: Pick<Config, "databaseUrl" | "dataDir" | "instanceId" | "tokenTtlDays">): Promise<Store> {
  // TOKEN_TTL_DAYS=0: tokens never expire (logout still ends them).
  const tokenTtlMs = config.tokenTtlDays > 0 ? config.tokenTtlDays * 24 * 60 * 60_000 : Infinity;
  if (config.databaseUrl) return openPostgresStore({ url: config.databaseUrl, owner: config.instanceId, tokenTtlMs });
  return openSqliteStore({ file: path.join(config.dataDir, "parlor.db"), owner: config.instanceId, tokenTtlMs });
}

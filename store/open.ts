import path from "node:path";
import type { Config } from "../base/config";
import { openPostgresStore } from "./postgres";
import { openSqliteStore } from "./sqlite";
import type { Store } from "./types";

/** PostgreSQL when DATABASE_URL is set; otherwise the embedded SQLite file, the default. */
export async function openStore(config: Pick<Config, "databaseUrl" | "dataDir" | "instanceId">): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore({ url: config.databaseUrl, owner: config.instanceId });
  return openSqliteStore({ file: path.join(config.dataDir, "parlor.db"), owner: config.instanceId });
}

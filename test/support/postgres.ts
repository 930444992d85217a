import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../loadtest/freePort";

export interface TestPostgres {
  /** URL of the `postgres` maintenance database, for creating others. */
  adminUrl: string;
  /** A new, empty database; returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
  if (versions.length === 0) throw new Error("PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does)");
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], "bin");
}

/**
 * A real PostgreSQL server on a loopback port, its cluster in a temp dir, gone when stopped.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user Debian's package creates.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) } : {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-pg-"));
  if (asRoot) fs.chownSync(dir, ids.uid!, ids.gid!);
  const data = path.join(dir, "data");
  const init = spawnSync(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], { ...ids, encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error}`);
  const port = await freePort();
  // Durability off: these databases live for one test run.
  const child: ChildProcess = spawn(
    path.join(bin, "postgres"),
    ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    { ...ids, stdio: "ignore" },
  );
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  let n = 0;
  return {
    adminUrl,
    async createDatabase() {
      const name = `parlor_test_${process.pid}_${++n}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGQUIT"); // immediate shutdown
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<TestPostgres> | null = null;

/**
 * What a test server of `backend` is started with: nothing for SQLite (a file in the server's own temp dir), or a
 * new, empty database on one PostgreSQL server shared by the whole run, started at the first call and stopped when
 * the run ends.
 */
export async function testDatabaseUrl(backend: "SQLite" | "PostgreSQL"): Promise<string | undefined> {
  if (backend === "SQLite") return undefined;
  if (!shared) {
    shared = startPostgres();
    const started = shared;
    // A root hook: mocha runs it once every test file is done.
    after(async () => (await started).stop());
  }
  return (await shared).createDatabase();
}

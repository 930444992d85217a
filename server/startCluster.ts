import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureClientBuilt, PACKAGE_ROOT } from "./clientBuild";

/**
 * `npm run start:cluster -- --processes N`: N Parlor processes on one machine, sharing rooms and
 * matchmaking through Redis (REDIS_URL) and one store. Process i listens on PORT + i and tells
 * clients to reach its rooms at PUBLIC_HOST:PORT+i. A process that dies is started again.
 */
function main() {
  const { values } = parseArgs({ options: { processes: { type: "string", short: "n", default: "2" } } });
  const count = Number(values.processes);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error("--processes must be an integer from 1 to 64");
  if (!process.env.REDIS_URL) throw new Error("start:cluster needs REDIS_URL (for example redis://127.0.0.1:6379): the processes share rooms through Redis.");
  const basePort = Number(process.env.PORT || 2567);
  const publicHost = process.env.PUBLIC_HOST || "localhost";
  // Every process must show the same monitor password; one is made here unless given.
  const monitorPassword = process.env.MONITOR_PASSWORD || crypto.randomBytes(12).toString("base64url");
  if (process.env.PARLOR_CLIENT_BUILD !== "off") ensureClientBuilt();

  // The main next to this file: server/main.ts through tsx, or dist/server/main.js in the build.
  const serverArgs = __filename.endsWith(".ts") ? ["--require", "tsx/cjs", path.join(__dirname, "main.ts")] : [path.join(__dirname, "main.js")];
  const children = new Map<number, ChildProcess>();
  let stopping = false;

  const start = (i: number) => {
    const port = basePort + i;
    const child = spawn(process.execPath, serverArgs, {
      cwd: PACKAGE_ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        PORT: String(port),
        PUBLIC_ADDRESS: process.env.PUBLIC_ADDRESS_PATTERN?.replace("{port}", String(port)).replace("{i}", String(i)) ?? `${publicHost}:${port}`,
        PARLOR_INSTANCE: `${process.env.PARLOR_INSTANCE_PREFIX ?? publicHost}:${port}`,
        MONITOR_PASSWORD: monitorPassword,
        PARLOR_CLIENT_BUILD: "off",
      },
    });
    children.set(i, child);
    child.on("exit", (code, signal) => {
      children.delete(i);
      if (stopping) return;
      console.error(`process ${i} (port ${port}) exited (${signal ?? code}); starting it again in 1 s`);
      setTimeout(() => !stopping && start(i), 1000);
    });
  };
  for (let i = 0; i < count; i++) start(i);
  console.log(`Parlor cluster: ${count} processes on ports ${basePort}–${basePort + count - 1}; monitor password "${monitorPassword}"`);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) child.kill(signal);
    const timer = setTimeout(() => process.exit(1), Number(process.env.SHUTDOWN_TIMEOUT_MS || 10_000) + 2000);
    const poll = setInterval(() => {
      if (children.size === 0) {
        clearInterval(poll);
        clearTimeout(timer);
        process.exit(0);
      }
    }, 100);
  };
  process.on("SIGINT", () => stop("SIGTERM"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

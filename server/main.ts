import { startParlor } from "./app";
import { ensureClientBuilt } from "./clientBuild";
import { log } from "../base/log";

async function main() {
  // A cluster's supervisor builds once for all its processes (server/startCluster.ts).
  if (process.env.PARLOR_CLIENT_BUILD !== "off") ensureClientBuilt();
  const server = await startParlor();
  const url = `http://localhost:${server.port}`;
  console.log(`Parlor is up: open ${url}`);
  console.log(`Monitor: ${url}/monitor  (user "admin", password ${server.config.monitorPassword ? "from MONITOR_PASSWORD" : `"${server.monitorPassword}"`})`);
  console.log(`Moderation: ${url}/monitor/moderation/  (reports, bans, mutes, renames; same user and password)`);
  console.log(`Data: ${server.config.dataDir}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // Whatever happens, the process is gone within the timeout.
    setTimeout(() => {
      log.error("shutdown timed out; exiting anyway");
      process.exit(1);
    }, server.config.shutdownTimeoutMs).unref();
    server.close().then(
      () => {
        log.info("shut down cleanly");
        process.exit(0);
      },
      (error) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error) => {
  log.fatal({ err: error }, "could not start");
  process.exit(1);
});

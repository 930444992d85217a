import { startParlor } from "./app";

async function main() {
  const server = await startParlor({ handleSignals: true });
  const url = `http://localhost:${server.port}`;
  console.log(`Parlor is up: open ${url}`);
  console.log(`Monitor: ${url}/monitor  (user "admin", password ${server.config.monitorPassword ? "from MONITOR_PASSWORD" : `"${server.monitorPassword}"`})`);
  console.log(`Data: ${server.config.dataDir}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

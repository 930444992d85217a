import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The package's root: the nearest folder above this file with a package.json, from server/ (tsx) and from dist/server/ (the build) alike. */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
export const CLIENT_DIST = path.join(PACKAGE_ROOT, "client", "dist");
/** Everything the browser bundle is built from: the client and the pure rules it imports. */
const SOURCES = ["client/src", "client/index.html", "client/vite.config.mts", "games", "protocol/errors.ts", "package-lock.json"];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Whether client/dist is missing or older than any of its sources. */
export function clientBuildIsStale(): boolean {
  const built = path.join(CLIENT_DIST, "index.html");
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(PACKAGE_ROOT, source)) > builtAt);
}

/** Builds the browser client with Vite when it is missing or stale; `npm start` calls this first. */
export function ensureClientBuilt(log: (message: string) => void = console.log): void {
  if (!clientBuildIsStale()) return;
  log("Building the browser client (client/dist)…");
  const vite = path.join(path.dirname(require.resolve("vite/package.json")), "bin", "vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--config", path.join(PACKAGE_ROOT, "client", "vite.config.mts"), "--logLevel", "warn"], {
    cwd: PACKAGE_ROOT,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`The client build failed (exit ${result.status}); run \`npm run build:client\` to see why.`);
}

import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

// `npm run dev`: Vite with hot reload on :5173, forwarding the API, matchmaking and room sockets
// to a Parlor server started separately with `npm start` (PORT 2567 unless PARLOR_SERVER says otherwise).
const server = process.env.PARLOR_SERVER ?? "http://localhost:2567";

/** Phaser's own chunk: only the game and replay screens need it, and they import it dynamically. */
const PHASER_CHUNK = "phaser";
const PHASER_MODULE = /[\\/]node_modules[\\/]phaser[\\/]/;

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [
    // Each text asset also as .br and .gz beside it, for server/clientAssets.ts to pick by Accept-Encoding.
    // Brotli at Node's default quality (11, the best): compressed once at build time, not per request. Small files
    // too: a copy that would not be smaller is skipped (the plugin's skipIfLargerOrEqual).
    compression({ algorithms: ["brotliCompress", "gzip"], logLevel: "silent" }),
  ],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Phaser alone is ≈ 1.4 MB minified, over Vite's 500 kB warning; every other chunk stays under it.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: PHASER_CHUNK, test: PHASER_MODULE }] },
      },
    },
    modulePreload: {
      // The first page preloads what its entry imports, but never Phaser: a phone on the name screen or the
      // lobby should not spend its bandwidth on it. A dynamic import() still preloads it when it runs.
      resolveDependencies: (_file, deps, { hostType }) =>
        hostType === "html" ? deps.filter((dep) => !dep.includes(`/${PHASER_CHUNK}-`)) : deps,
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/api": server,
      "/matchmake": server,
      // Room sockets are /<processId>/<roomId>; module paths always contain a dot or a short segment.
      "^/[A-Za-z0-9_-]{6,}/[A-Za-z0-9_-]{6,}(\\?.*)?$": { target: server, ws: true },
    },
  },
});

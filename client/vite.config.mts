import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// `npm run dev`: Vite with hot reload on :5173, forwarding the API, matchmaking and room sockets
// to a Parlor server started separately with `npm start` (PORT 2567 unless PARLOR_SERVER says otherwise).
const server = process.env.PARLOR_SERVER ?? "http://localhost:2567";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
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

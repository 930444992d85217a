import path from "node:path";
import type { RequestHandler } from "express";
import expressStaticGzip from "express-static-gzip";
import { isClientRoute } from "./clientRoutes";

/** Hashed file names: a new build gets new names, so a browser may keep each one for good. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the built browser client from `dir` (client/dist): each file as the `.br` or `.gz` the build wrote beside
 * it when the request accepts that encoding (brotli first), with `Vary: Accept-Encoding`; the page itself at every
 * client address (clientRoutes.ts), revalidated on each load. The list of compressed files is read once, here:
 * after a rebuild, restart the server.
 */
export function clientAssets(dir: string): RequestHandler {
  const root = path.resolve(dir);
  const assets = path.join(root, "assets") + path.sep;
  const files = expressStaticGzip(root, {
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    index: false,
    serveStatic: {
      index: false,
      redirect: false,
      cacheControl: false,
      // `file` is the one sent, so index.html.br is the page too.
      setHeaders: (res, file) => res.setHeader("Cache-Control", file.startsWith(assets) ? IMMUTABLE : "no-cache"),
    },
  });

  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (!isClientRoute(req.path)) return files(req, res, next);
    const url = req.url;
    req.url = "/index.html";
    files(req, res, (err?: unknown) => {
      req.url = url;
      if (err) return next(err);
      // No index.html: the client was never built (only the API is up).
      res.status(503).set("Cache-Control", "no-cache").type("text").send("The browser client is not built yet: run `npm run build:client` (npm start does it for you).");
    });
  };
}

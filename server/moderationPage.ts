import fs from "node:fs";
import path from "node:path";
import express, { type Response } from "express";
import { PACKAGE_ROOT } from "./clientBuild";

/** The page's files: plain HTML, one script and one style sheet, served as they are. */
export const MODERATION_PAGE_DIR = path.join(PACKAGE_ROOT, "server", "moderation-page");

const FILES = {
  "index.html": "text/html; charset=utf-8",
  "moderation.js": "text/javascript; charset=utf-8",
  "moderation.css": "text/css; charset=utf-8",
  // Its own icon, so that the browser does not ask for /favicon.ico (a 404) under a policy that allows only 'self'.
  "icon.svg": "image/svg+xml",
} as const;

/**
 * The page's own Content-Security-Policy, stricter than the monitor's: its own script and style sheet only (nothing
 * inline), requests to its own origin only (the admin API), no frames, forms that go nowhere by themselves.
 */
export function moderationPagePolicy(secure: boolean): string {
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ];
  if (secure) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/**
 * The operator's moderation page at /monitor/moderation/ (app.ts puts it behind the monitor's password). The files
 * are read once, at start. Links are relative, so the page also works behind a path prefix.
 */
export function moderationPage(dir = MODERATION_PAGE_DIR): express.Router {
  const files = new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: fs.readFileSync(path.join(dir, name)) }]));
  const router = express.Router({ strict: true });

  const send = (res: Response, secure: boolean, name: keyof typeof FILES) => {
    const file = files.get(name)!;
    // Replaces the site-wide policy helmet has set: this page needs less.
    res.setHeader("Content-Security-Policy", moderationPagePolicy(secure));
    res.setHeader("Cache-Control", "no-store");
    res.type(file.type).send(file.body);
  };

  router.get("/", (req, res) => {
    // Without the trailing slash the page's relative links would resolve one folder up.
    // Relative, so that it also works behind a path prefix.
    if (!req.originalUrl.split("?")[0].endsWith("/")) return res.redirect(301, `${path.posix.basename(req.baseUrl)}/`);
    send(res, req.secure, "index.html");
  });
  for (const name of ["moderation.js", "moderation.css", "icon.svg"] as const) router.get(`/${name}`, (req, res) => send(res, req.secure, name));
  router.use((_req, res) => res.status(404).type("text/plain").send("Not found."));
  return router;
}

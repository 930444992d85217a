import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { CLIENT_ROUTES, isClientRoute } from "../server/clientRoutes";
import { startTestServer, tempDir, type TestServer } from "./support/harness";

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came over the wire, still compressed if it was. */
  raw: Buffer;
}

/** A raw HTTP request: fetch would decompress the body and normalise the path, and these tests look at both. */
function request(server: TestServer, urlPath: string, headers: Record<string, string> = {}, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, path: urlPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The body as the browser reads it, by the response's Content-Encoding. */
function decoded(reply: Reply): string {
  const encoding = reply.headers["content-encoding"];
  const body = encoding === "br" ? zlib.brotliDecompressSync(reply.raw) : encoding === "gzip" ? zlib.gunzipSync(reply.raw) : reply.raw;
  return body.toString("utf8");
}

const PAGE = `<!doctype html><html><body><div id="boot-loader" role="status">Loading Parlor…</div>${"<!-- padding -->".repeat(100)}</body></html>`;
const SCRIPT = `console.log("parlor");${"/* padding */".repeat(200)}`;
const ASSET = "/assets/index-AbC123.js";

/** A client build as Vite writes it, without running Vite: each text file beside its .br and .gz. */
function fakeBuild(): string {
  const dist = tempDir("parlor-dist-");
  fs.mkdirSync(path.join(dist, "assets"));
  const write = (file: string, text: string, compressed = true) => {
    fs.writeFileSync(path.join(dist, file), text);
    if (!compressed) return;
    fs.writeFileSync(path.join(dist, `${file}.br`), zlib.brotliCompressSync(text));
    fs.writeFileSync(path.join(dist, `${file}.gz`), zlib.gzipSync(text));
  };
  write("index.html", PAGE);
  write(ASSET.slice(1), SCRIPT);
  // Under the build's threshold: written without compressed copies.
  write("assets/index-Def456.css", "body{margin:0}", false);
  return dist;
}

describe("serving the browser client", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, { clientDist: fakeBuild() });
  });
  after(() => server?.close());

  describe("content negotiation", () => {
    for (const [accept, encoding] of [
      ["gzip, deflate, br, zstd", "br"],
      ["br;q=0.5, gzip", "br"],
      ["gzip, deflate", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["deflate", undefined],
      ["", undefined],
    ] as const) {
      it(`Accept-Encoding "${accept}": ${encoding ?? "identity"}, with the script's type and Vary`, async () => {
        const reply = await request(server, ASSET, accept ? { "accept-encoding": accept } : {});
        assert.equal(reply.status, 200);
        assert.equal(reply.headers["content-encoding"], encoding);
        assert.match(reply.headers["content-type"] ?? "", /^(text|application)\/javascript; charset=utf-8$/i);
        assert.equal(reply.headers.vary, "Accept-Encoding");
        assert.equal(Number(reply.headers["content-length"]), reply.raw.length);
        assert.equal(decoded(reply), SCRIPT);
      });
    }

    it("a file with no compressed copy is sent as it is, and says it does not vary", async () => {
      const reply = await request(server, "/assets/index-Def456.css", { "accept-encoding": "br, gzip" });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers["content-encoding"], undefined);
      assert.equal(reply.headers.vary, undefined);
      assert.match(reply.headers["content-type"] ?? "", /^text\/css/);
      assert.equal(reply.raw.toString(), "body{margin:0}");
    });

    it("HEAD answers the headers of the compressed file, with no body", async () => {
      const reply = await request(server, ASSET, { "accept-encoding": "br" }, "HEAD");
      assert.equal(reply.status, 200);
      assert.equal(reply.headers["content-encoding"], "br");
      assert.equal(reply.raw.length, 0);
    });
  });

  describe("caching and security headers", () => {
    it("hashed assets are cached for good, in every encoding", async () => {
      for (const accept of ["br", "gzip", ""]) {
        const reply = await request(server, ASSET, { "accept-encoding": accept });
        assert.equal(reply.headers["cache-control"], "public, max-age=31536000, immutable", accept);
      }
    });

    it("the page is revalidated on every load, and carries the CSP and helmet's headers", async () => {
      for (const url of ["/", "/index.html"]) {
        const reply = await request(server, url, { "accept-encoding": "br" });
        assert.equal(reply.status, 200, url);
        assert.equal(reply.headers["cache-control"], "no-cache", url);
        assert.equal(reply.headers["content-encoding"], "br", url);
        assert.match(reply.headers["content-type"] ?? "", /^text\/html; charset=utf-8$/i, url);
        assert.match(String(reply.headers["content-security-policy"] ?? ""), /script-src 'self'/, url);
        assert.equal(reply.headers["x-content-type-options"], "nosniff", url);
        assert.equal(decoded(reply), PAGE, url);
      }
      const asset = await request(server, ASSET, { "accept-encoding": "gzip" });
      assert.match(String(asset.headers["content-security-policy"] ?? ""), /default-src 'self'/);
      assert.equal(asset.headers["x-content-type-options"], "nosniff");
    });

    it("answers a conditional request with 304", async () => {
      const first = await request(server, ASSET, { "accept-encoding": "br" });
      const etag = first.headers.etag;
      assert.ok(etag, "an ETag");
      const again = await request(server, ASSET, { "accept-encoding": "br", "if-none-match": etag });
      assert.equal(again.status, 304);
    });
  });

  describe("client addresses", () => {
    const addresses = [
      "/name",
      "/watch",
      "/leaders",
      "/leaders/tictactoe",
      "/leaders/rps",
      "/history",
      "/game/AbCdEf123",
      "/replay/5b0d6f3e-9a1c-4a36-b0c3-2f1e0f6e8d7a",
      "/player/5b0d6f3e-9a1c-4a36-b0c3-2f1e0f6e8d7a",
      "/join/K7P2Q",
      "/join/K7P2Q?from=share",
    ];
    for (const url of addresses) {
      it(`GET ${url} answers the page, not cached`, async () => {
        const reply = await request(server, url, { "accept-encoding": "gzip" });
        assert.equal(reply.status, 200);
        assert.equal(reply.headers["cache-control"], "no-cache");
        assert.equal(reply.headers["content-encoding"], "gzip");
        assert.equal(reply.headers.vary, "Accept-Encoding");
        assert.match(String(reply.headers["content-security-policy"] ?? ""), /script-src 'self'/);
        assert.equal(decoded(reply), PAGE);
      });
    }

    it("any other path that is not a file is a 404, and the API's 404 stays JSON", async () => {
      for (const url of ["/nope", "/leaders/chess", "/game", "/game/", "/game/a/b", "/watch/", "/assets/", "/assets", "/assets/missing-123.js", "/index.htm"]) {
        const reply = await request(server, url, { "accept-encoding": "br, gzip" });
        assert.equal(reply.status, 404, url);
        assert.notEqual(reply.headers["cache-control"], "public, max-age=31536000, immutable", url);
      }
      const api = await request(server, "/api/no-such-endpoint");
      assert.equal(api.status, 404);
      assert.match(api.headers["content-type"] ?? "", /^application\/json/);
      assert.equal(JSON.parse(api.raw.toString()).code, "NOT_FOUND");
    });

    it("a client address is a page only for GET and HEAD", async () => {
      assert.equal((await request(server, "/watch", {}, "POST")).status, 404);
      const head = await request(server, "/watch", {}, "HEAD");
      assert.equal(head.status, 200);
      assert.equal(head.headers["cache-control"], "no-cache");
    });

    it("never reaches outside the build folder", async () => {
      const secret = "parlor-secret-outside-dist";
      const outside = path.join(path.dirname(server.dataDir), "outside-dist.txt");
      fs.writeFileSync(outside, secret);
      for (const url of [
        "/../package.json",
        "/assets/../../package.json",
        "/assets/..%2f..%2fpackage.json",
        "/assets/%2e%2e/%2e%2e/package.json",
        "/..%2foutside-dist.txt",
        "/%2e%2e/outside-dist.txt",
        "/assets/..%5c..%5cpackage.json",
        `/${encodeURIComponent(outside)}`,
        "/%00index.html",
      ]) {
        for (const accept of ["br", ""]) {
          const reply = await request(server, url, { "accept-encoding": accept });
          assert.ok([400, 403, 404].includes(reply.status), `${url}: ${reply.status}`);
          assert.ok(!reply.raw.toString().includes(secret) && !reply.raw.toString().includes('"name": "parlor"'), url);
        }
      }
    });
  });

  it("every client route is anchored, so that no prefix or suffix of one is a page", () => {
    for (const route of CLIENT_ROUTES) assert.ok(route.source.startsWith("^") && route.source.endsWith("$"), route.source);
    assert.equal(isClientRoute("/watch"), true);
    assert.equal(isClientRoute("/watchers"), false);
    assert.equal(isClientRoute("/api/watch"), false);
    assert.equal(isClientRoute(`/game/${"x".repeat(65)}`), false);
  });
});

describe("serving the browser client before it is built", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, { clientDist: tempDir("parlor-no-dist-") });
  });
  after(() => server?.close());

  it("answers the page's addresses with 503 and a hint, and other paths with 404", async () => {
    for (const url of ["/", "/watch"]) {
      const reply = await request(server, url);
      assert.equal(reply.status, 503, url);
      assert.match(reply.raw.toString(), /npm run build:client/);
    }
    assert.equal((await request(server, "/assets/index-AbC123.js")).status, 404);
  });
});

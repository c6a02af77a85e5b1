// Static servers for the bench, on free loopback ports: a build served the way a bucket behind a
// CDN serves it, and the bench's own pages (built under target/bench).
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const typeOf = (path) => TYPES[extname(path)] ?? 'application/octet-stream';

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Serves the files under `root` at `prefix` as a bucket does: exact files only, 404 otherwise.
 * `overrides` maps a path under the prefix to a body (config.json). With `brotli`, answers to a
 * client that accepts it are brotli-compressed at quality 11, as the size section counts the first
 * visit: what a host that compresses (a CDN, or files uploaded compressed) sends. Every file is
 * compressed before the server starts, so no visit waits for it.
 */
export async function serveBuild(root, { prefix = '/', overrides = {}, brotli = false } = {}) {
  const dir = resolve(root);
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${root} has no index.html`);
  const cache = new Map();
  const compressed = (path, raw) => {
    if (!cache.has(path)) {
      cache.set(path, brotliCompressSync(raw, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
      }));
    }
    return cache.get(path);
  };
  if (brotli) {
    for (const file of filesUnder(dir)) compressed(relative(dir, file), readFileSync(file));
    for (const [path, text] of Object.entries(overrides)) compressed(path, Buffer.from(text));
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const inner = path.slice(prefix.length) || 'index.html';
    let raw;
    if (inner in overrides) {
      raw = Buffer.from(overrides[inner]);
    } else {
      const file = normalize(join(dir, inner));
      if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      raw = readFileSync(file);
    }
    const compress = brotli && /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
    const sent = compress ? compressed(inner, raw) : raw;
    res.writeHead(200, {
      'content-type': typeOf(inner),
      'content-length': sent.length,
      ...(compress ? { 'content-encoding': 'br' } : {}),
      'cache-control': 'no-cache',
    });
    res.end(sent);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: `${origin}${prefix}`,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

/** The bench's own pages under `root`, uncompressed. */
export function serveDirectory(root) {
  return serveBuild(root, { prefix: '/' });
}

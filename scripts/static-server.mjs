// A plain static server for a build (dist/ or dist-self-service/), behaving like an S3 bucket:
// exact files only, no rewrites. Used by `make run` and by the end-to-end tests.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..');
// ANYWHERE_DIST and ANYWHERE_DIST_SELF_SERVICE let parallel work trees test their own builds.
export const DIST = resolve(process.env.ANYWHERE_DIST ?? join(REPO, 'dist'));
export const DIST_SELF_SERVICE = resolve(
  process.env.ANYWHERE_DIST_SELF_SERVICE ?? join(REPO, 'dist-self-service'),
);
/** Each build's directory, by the name `make` and the journeys use. */
export const BUILDS = { admin: DIST, 'self-service': DIST_SELF_SERVICE };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves a build (`build`: admin, the default, or self-service) under `prefix` the way a bucket
 * does: exact files only, 404 otherwise, no index fallback for deep paths. `overrides` maps a path
 * under the prefix to a body (e.g. config.json).
 */
export async function serveDist({ prefix = '/', overrides = {}, port = 0, build = 'admin' } = {}) {
  const root = BUILDS[build];
  if (!root) throw new Error(`no build named ${build}: use ${Object.keys(BUILDS).join(' or ')}`);
  if (!existsSync(join(root, 'index.html'))) {
    const target = build === 'admin' ? 'dist' : `dist-${build}`;
    throw new Error(`${root} has no index.html: run \`make ${target}\` first`);
  }
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const inner = url.pathname.slice(prefix.length) || 'index.html';
    if (inner in overrides) {
      res.writeHead(200, { 'content-type': TYPES[extname(inner)] ?? 'application/octet-stream' });
      res.end(overrides[inner]);
      return;
    }
    const file = normalize(join(root, inner));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}${prefix}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}


// The Content-Security-Policy of the built console, and the one rewrite of index.html it needs.
//
// trunk 0.21 starts the wasm with an inline module script, which a CSP without 'unsafe-inline'
// refuses (trunk's only alternative is a nonce fixed at build time, which protects nothing). So,
// as trunk's post_build hook, this moves that script into a file named by its hash, loads it with
// a relative URL and an integrity hash, and puts the policy in a <meta> ahead of every script.
//
// Usage:
//   node deploy/csp.mjs                        trunk hook: rewrites $TRUNK_STAGING_DIR/index.html
//   node deploy/csp.mjs --connect URL FILE     adds URL's origin to connect-src of FILE (deploy)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Only the page's own files, the AWS endpoints (both partitions' DNS suffixes) and loopback. The
// loopback entries let a console served anywhere reach the local sandbox (`make run`, tests); they
// reach nothing but the user's own machine. frame-ancestors cannot be set from a <meta>: the
// CloudFront response-headers policy sends it (deploy/console.yaml).
export const DIRECTIVES = [
  ["default-src", ["'none'"]],
  ["script-src", ["'self'", "'wasm-unsafe-eval'"]],
  ["style-src", ["'self'"]],
  ["img-src", ["'self'", 'data:']],
  ["connect-src", ["'self'", 'https://*.amazonaws.com', 'https://*.amazonaws.com.cn', 'http://127.0.0.1:*', 'http://localhost:*']],
  ["base-uri", ["'self'"]],
  ["form-action", ["'none'"]],
];

export function policy(extraConnect = []) {
  return DIRECTIVES.map(([name, sources]) => {
    const all = name === 'connect-src' ? [...sources, ...extraConnect.filter((s) => !sources.includes(s))] : sources;
    return `${name} ${all.join(' ')}`;
  }).join('; ');
}

const META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/;
const INLINE_SCRIPT = /<script(\s+type="module")?\s*>([\s\S]*?)<\/script>/g;

/** Moves the one inline script out; returns the new html and the file to write next to it. */
export function externalizeStartScript(html) {
  const inline = [...html.matchAll(INLINE_SCRIPT)];
  if (inline.length !== 1 || !inline[0][1]) {
    throw new Error(`expected exactly one inline module script (trunk's loader), found ${inline.length}`);
  }
  const body = inline[0][2].trim() + '\n';
  const name = `start-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  const tag = `<script type="module" src="./${name}" integrity="${integrity}" crossorigin="anonymous"></script>`;
  return { html: html.replace(inline[0][0], tag), name, body };
}

/** Puts the policy right after <meta charset>, so it governs every element that follows. */
export function insertPolicy(html, extraConnect = []) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(extraConnect)}" />`;
  if (META.test(html)) return html.replace(META, meta);
  const charset = /<meta charset="[^"]*"\s*\/?>/;
  if (!charset.test(html)) throw new Error('index.html has no <meta charset>: the policy needs a place at the top');
  return html.replace(charset, (found) => `${found}\n    ${meta}`);
}

/** The CSP source for an endpoint URL: its origin (scheme, host, port). */
export function originOf(url) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`endpoint ${url} must be an http:// or https:// URL`);
  }
  return parsed.origin;
}

/** Adds sources to connect-src of an index.html that already has the policy. */
export function addConnectSources(html, sources) {
  const found = html.match(META);
  if (!found) throw new Error('index.html has no Content-Security-Policy: build it with trunk (the post_build hook adds it)');
  return html.replace(META, (tag) => tag.replace(/connect-src ([^;"]*)/, (directive, list) => {
    const present = list.split(' ');
    return `connect-src ${[...present, ...sources.filter((s) => !present.includes(s))].join(' ')}`;
  }));
}

function main(args) {
  if (args[0] === '--connect') {
    const [, url, file] = args;
    writeFileSync(file, addConnectSources(readFileSync(file, 'utf8'), [originOf(url)]));
    return;
  }
  const dir = process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  const file = join(dir, 'index.html');
  const { html, name, body } = externalizeStartScript(readFileSync(file, 'utf8'));
  writeFileSync(join(dir, name), body);
  writeFileSync(file, insertPolicy(html));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`csp: ${error.message}`);
    process.exit(1);
  }
}

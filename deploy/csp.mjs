// The Content-Security-Policy of the built console, and the one rewrite of index.html it needs.
//
// trunk 0.21 starts the wasm with an inline module script, which a CSP without 'unsafe-inline'
// refuses (trunk's only alternative is a nonce fixed at build time, which protects nothing). So,
// as trunk's post_build hook, this moves that script into a file named by its hash, loads it with
// a relative URL and an integrity hash, and puts the policy in a <meta> ahead of every script.
//
// connect-src names exactly the hosts the console calls: ecs, ssm, sts, cognito-identity and
// cognito-idp of every region it offers (deploy/connect-hosts.txt, written from the core's region
// data by `UPDATE_CONNECT_HOSTS=1 cargo test -p anywhere-core --test csp_connect_hosts`, which
// fails while the file and the data disagree), not a wildcard that would admit any S3 bucket, API
// Gateway or load balancer under amazonaws.com. Loopback http:// lets the same build reach the
// local sandbox (`make run`, the tests); it reaches nothing but the user's own machine, and the
// CloudFront header policy leaves it out.
//
// Usage:
//   node deploy/csp.mjs                        trunk hook: rewrites $TRUNK_STAGING_DIR/index.html
//   node deploy/csp.mjs --connect URL FILE     adds URL's origin to connect-src of FILE (deploy)
//   node deploy/csp.mjs --header REGION...     prints the CloudFront header policy for the regions
//                                              a deployment uses (console.yaml's ConnectSources)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HOSTS_FILE = join(import.meta.dirname, 'connect-hosts.txt');
export const LOOPBACK = ['http://127.0.0.1:*', 'http://localhost:*'];
// CloudFront refuses a response-headers policy whose Content-Security-Policy is longer.
export const CLOUDFRONT_CSP_LIMIT = 1783;

/** The service hosts of every offered region: `[{ region, host }]`, from connect-hosts.txt. */
export function serviceHosts(file = HOSTS_FILE) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [region, host] = line.split(/\s+/);
      return { region, host };
    });
}

/** The connect-src sources for `regions` (all offered regions when omitted). */
export function connectSources(regions) {
  const hosts = serviceHosts();
  if (regions) {
    const unknown = regions.filter((region) => !hosts.some((entry) => entry.region === region));
    if (unknown.length) throw new Error(`not regions the console offers: ${unknown.join(', ')}`);
  }
  return hosts
    .filter((entry) => !regions || regions.includes(entry.region))
    .map((entry) => `https://${entry.host}`);
}

/** The policy's directives; frame-ancestors only where a header carries it (not in a <meta>). */
export function directives(connect, { frameAncestors = false } = {}) {
  return [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...connect]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'none'"]],
    ...(frameAncestors ? [['frame-ancestors', ["'none'"]]] : []),
  ];
}

function render(list) {
  return list.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The <meta> policy: every offered region, loopback for the sandbox, and `extraConnect`. */
export function policy(extraConnect = []) {
  const connect = [...connectSources(), ...LOOPBACK];
  return render(directives([...connect, ...extraConnect.filter((s) => !connect.includes(s))]));
}

/**
 * The header policy CloudFront sends for a deployment used in `regions`: no loopback, and
 * frame-ancestors, which a <meta> cannot set. Both policies apply, so the page may connect only
 * where both allow.
 */
export function headerPolicy(regions, extraConnect = []) {
  const text = render(directives([...connectSources(regions), ...extraConnect], { frameAncestors: true }));
  if (text.length > CLOUDFRONT_CSP_LIMIT) {
    throw new Error(`the policy for ${regions.join(', ')} is ${text.length} characters; CloudFront takes at most ${CLOUDFRONT_CSP_LIMIT}: list fewer regions`);
  }
  return text;
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

/**
 * The CSP source for an endpoint URL: its origin (scheme, host, port). Only https:// is
 * accepted, and http:// on this machine: anything else would carry the session token in clear.
 */
export function originOf(url) {
  const parsed = new URL(url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) || /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) return parsed.origin;
  throw new Error(`endpoint ${url} must be an https:// URL (http:// only on this machine)`);
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
  if (args[0] === '--header') {
    const regions = args.slice(1);
    if (!regions.length) throw new Error('--header needs the regions the deployment uses, e.g. --header eu-west-1');
    process.stdout.write(`${headerPolicy(regions)}\n`);
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

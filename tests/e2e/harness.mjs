// Shared pieces of the end-to-end journeys: the static server and sandbox (from scripts/), Debian's
// Chromium driven by playwright-core, and `journey()`, the before/after prologue every file shares.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startSandbox } from '../../scripts/sandbox.mjs';
import { REPO, serveDist } from '../../scripts/static-server.mjs';

export { serveDist, startSandbox };

export const SHOTS = join(REPO, 'target', 'e2e');

/**
 * Chromium's own pages for the omnibox popup (chrome://omnibox-popup.top-chrome/, in a renderer of
 * their own). Headless Chromium 156 still starts them for every new window, that is for every
 * browser context, and their start takes ~0.7 s of a core in the context's first seconds: on this
 * 2-core machine that ran beside every page under test and made the console's 1,000-host load ~30 %
 * slower (BENCHMARKS.md, stop 30's note). Headless has no omnibox to show. webdriver.json (the
 * component tests' browser) lists the same features; browser.test.mjs checks none is left.
 */
export const BROWSER_UI_FEATURES_OFF = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/** Launches Debian's Chromium headless, with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      `--disable-features=${BROWSER_UI_FEATURES_OFF.join(',')}`,
    ],
  });
}

/**
 * The URLs of Chromium's own UI pages that a new browser context of `browser` starts (none is
 * expected with `launchBrowser`'s flags; a Chromium that renames its features shows them here).
 */
export async function browserUiPages(browser) {
  const context = await browser.newContext();
  try {
    await (await context.newPage()).goto('about:blank');
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets');
    await session.detach();
    return targetInfos.filter((target) => target.type === 'browser_ui').map((target) => target.url);
  } finally {
    await context.close();
  }
}

/**
 * A page that fails the test on any uncaught error or panic of the app. Options other than
 * `viewport` go to Playwright's `browser.newContext` (e.g. `colorScheme`, `bypassCSP`).
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /panicked|RuntimeError/.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

export function screenshotPath(name) {
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, `${name}.png`);
}

/**
 * Where a screenshot the README shows goes: `docs/screenshots/` when `README_SCREENSHOTS=1`
 * (`make screenshots`), else beside the others in `target/e2e/readme/`, so a test run leaves the
 * tracked images as they are.
 */
export function readmeScreenshotPath(name) {
  const folder = process.env.README_SCREENSHOTS === '1' ? join(REPO, 'docs', 'screenshots') : join(SHOTS, 'readme');
  mkdirSync(folder, { recursive: true });
  return join(folder, `${name}.png`);
}

const AXE_SOURCE = join(REPO, 'node_modules', 'axe-core', 'axe.min.js');
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

/**
 * Runs axe-core (from node_modules, injected into the page; the page's context needs `bypassCSP`,
 * since the console's Content-Security-Policy allows no injected script) on the whole document,
 * prints `axe <label>: N critical, N serious, …` and returns the counts per impact and the serious
 * and critical violations (rule, help and the offending elements), for the test to assert none.
 */
export async function axeCheck(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_SOURCE });
  }
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary}`),
    }));
  });
  const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, violations
    .filter((v) => v.impact === impact).reduce((sum, v) => sum + v.nodes.length, 0)]));
  const rules = violations.map((v) => `${v.id} (${v.impact})`).join(', ');
  console.log(`axe ${label}: ${IMPACTS.map((impact) => `${counts[impact]} ${impact}`).join(', ')}${rules && `: ${rules}`}`);
  const severe = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  return { counts, severe };
}

/**
 * Records, in every page of `context`, what a screen reader would announce: each change of the text
 * of a live region already in the page (`aria-live`, role status, alert or log), and each alert
 * inserted with its text. A live region inserted together with its text is not recorded, as most
 * screen readers do not read it. `announcements(page)` returns them, oldest first, as
 * `{ politeness: 'polite' | 'assertive', text }`.
 */
export async function recordAnnouncements(context) {
  await context.addInitScript(() => {
    const LIVE = '[aria-live], [role=status], [role=alert], [role=log]';
    const announced = [];
    const last = new WeakMap();
    window.__announced = announced;
    const record = (region) => {
      const text = region.textContent.replace(/\s+/g, ' ').trim();
      if (!text || region.getAttribute('aria-live') === 'off' || last.get(region) === text) return;
      last.set(region, text);
      const live = region.getAttribute('aria-live');
      const politeness = live ?? (region.getAttribute('role') === 'alert' ? 'assertive' : 'polite');
      announced.push({ politeness, text });
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const target = mutation.target.nodeType === Node.ELEMENT_NODE ? mutation.target : mutation.target.parentElement;
        const region = target?.closest(LIVE);
        if (region) record(region);
        for (const node of mutation.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE) continue;
          const alerts = [...(node.matches('[role=alert]') ? [node] : []), ...node.querySelectorAll('[role=alert]')];
          alerts.forEach(record);
        }
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

export const announcements = (page) => page.evaluate(() => window.__announced ?? []);

/** Polls an async condition every 100 ms (a condition, not a sleep), failing after `timeoutMs`. */
export async function until(condition, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/**
 * The prologue of a journey file: registers `before`/`after` hooks that start the sandbox (unless
 * `seed` is null), serve a build under `prefix` with a config.json, and launch Chromium. `build` is
 * `admin` (dist/, the default) or `self-service` (dist-self-service/: what a self-service
 * deployment really gets). Returns an object whose fields are filled once the hooks ran:
 * - `sandbox`, `site`, `browser`;
 * - `serve(config, prefix, build)`: another site (closed at the end), for journeys that
 *   compare deployments; `config` is an object (written as JSON) or a string (written as is);
 * - `open(hash, options)`: a new page of `site` at `index.html${hash}` ({ context, page, errors }).
 * `config` is an object, a function of the sandbox giving one, or null for no config.json; the
 * default points the console at the sandbox. A file's own set-up and clean-up go in `setup(env)` and
 * `teardown(env)`, not in hooks of its own: node 20 runs a file's top-level `before` hooks concurrently.
 */
export function journey({
  seed = 'demo', prefix = '/console/', config = (sandbox) => ({ sandboxUrl: sandbox.url }),
  build = 'admin', setup = async () => {}, teardown = async () => {},
} = {}) {
  const env = { sites: [] };
  env.serve = async (siteConfig, sitePrefix = prefix, siteBuild = build) => {
    const overrides = siteConfig == null ? {} : {
      'config.json': typeof siteConfig === 'string' ? siteConfig : JSON.stringify(siteConfig),
    };
    const served = await serveDist({ prefix: sitePrefix, overrides, build: siteBuild });
    env.sites.push(served);
    return served;
  };
  env.open = async (hash = '', options = {}) => {
    const opened = await openPage(env.browser, options);
    await opened.page.goto(`${env.site.url}index.html${hash}`);
    return opened;
  };
  before(async () => {
    if (seed !== null) env.sandbox = await startSandbox({ seed });
    env.site = await env.serve(typeof config === 'function' ? config(env.sandbox) : config);
    env.browser = await launchBrowser();
    await setup(env);
  });
  after(async () => {
    await teardown(env);
    await env.browser?.close();
    for (const served of env.sites) await served.close();
    env.sandbox?.stop();
  });
  return env;
}

/**
 * A fake host for running a copied install command: a PATH with the sandbox's curl and sudo shims,
 * plus `mkdir` and `tee` stand-ins that move the agent's config directory (/etc/ecs) into `hostDir`,
 * since the command writes it as root. Returns the config file's path and the environment.
 */
export function hostEnvironment(hostDir, sandboxUrl) {
  const config = join(hostDir, 'etc-ecs', 'ecs.config');
  const bin = join(hostDir, 'bin');
  const write = (name, body) => {
    writeFileSync(join(bin, name), body);
    chmodSync(join(bin, name), 0o755);
  };
  mkdirSync(bin, { recursive: true });
  const mapped = (real) => `#!/usr/bin/env bash
args=()
for a in "$@"; do
  case "$a" in
    /etc/ecs) args+=("$(dirname "$ECS_CONFIG_FILE")") ;;
    /etc/ecs/ecs.config) args+=("$ECS_CONFIG_FILE") ;;
    *) args+=("$a") ;;
  esac
done
exec ${real} "\${args[@]}"
`;
  write('mkdir', mapped('/bin/mkdir'));
  write('tee', mapped('/usr/bin/tee'));
  return {
    config,
    env: {
      ...process.env,
      PATH: `${bin}:${join(REPO, 'sandbox', 'shims')}:${process.env.PATH}`,
      ANYWHERE_SANDBOX_URL: sandboxUrl,
      ECS_CONFIG_FILE: config,
    },
  };
}

/** Runs a command line in bash: { code, stdout, stderr }. */
export function runBash(command, env) {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

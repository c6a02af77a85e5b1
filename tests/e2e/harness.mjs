// Shared pieces of the end-to-end journeys: the static server and sandbox (from scripts/), and
// Debian's Chromium driven by playwright-core.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO } from '../../scripts/static-server.mjs';

export { serveDist } from '../../scripts/static-server.mjs';
export { startSandbox } from '../../scripts/sandbox.mjs';

export const SHOTS = join(REPO, 'target', 'e2e');

/** Launches Debian's Chromium headless, with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/** A page that fails the test on any uncaught error or panic of the app. */
export async function openPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
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


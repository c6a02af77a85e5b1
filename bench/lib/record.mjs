// Recording the sandbox's answers once per fleet size, for bench/lib/replay-server.mjs: the
// console (each build's first visit) and the boto3 script run against the sandbox through the
// recording proxy, with no added latency.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../tests/e2e/harness.mjs';
import { REPO } from './build.mjs';
import { boto3Load } from './boto3.mjs';
import { instrumentedPage, ROW, waitForAllRows, waitForPaint } from './fleet-page.mjs';
import { startRecorder } from './replay.mjs';
import { serveBuild } from './serve.mjs';

const DIR = join(REPO, 'target', 'bench', 'recordings');

/** One visit of `build` through the recorder, until its first useful paint (and, for the fleet, every host) and a quiet network. */
async function visit({ browser, build, api, cognito, hosts }) {
  const site = await serveBuild(build.dir, {
    prefix: `/${build.name}/`, overrides: { 'config.json': JSON.stringify(build.config({ api, cognito })) },
  });
  const fleet = build.paint.selector === ROW;
  const { context, page, errors } = await instrumentedPage(browser, { hosts: fleet ? hosts : undefined, paintSelector: build.paint.selector });
  try {
    await page.goto(`${site.url}index.html${build.route}`);
    await waitForPaint(page, build, 120_000);
    if (fleet) await waitForAllRows(page, 600_000);
    await page.waitForLoadState('networkidle');
    if (errors.length) throw new Error(`the ${build.title} failed while recording: ${errors.join('; ')}`);
  } finally {
    await context.close();
    await site.close();
  }
}

/**
 * Starts a sandbox of `hosts` hosts, records through it a visit of each build in `builds` and the
 * boto3 load; answers `{file, answers, cognito}` (the identity pool the self-service config names).
 */
export async function recordFleet({ browser, hosts, builds, log }) {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `hosts-${hosts}.json`);
  const sandbox = await startSandbox({ seed: `hosts:${hosts}` });
  try {
    const cognito = await sandbox.control('cognito');
    const recorder = await startRecorder(sandbox.url);
    try {
      for (const build of builds) {
        await visit({ browser, build, api: recorder.url, cognito, hosts });
        log(`recording ${hosts} hosts: ${build.title} visited`);
      }
      const boto3 = await boto3Load(recorder.url, hosts);
      log(`recording ${hosts} hosts: boto3 load done (${boto3.requests} requests)`);
      const answers = await recorder.save(file);
      return { file, answers, cognito };
    } finally {
      await recorder.stop();
    }
  } finally {
    sandbox.stop();
  }
}

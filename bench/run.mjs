// `make bench`: measures the console next to what it is compared with, prints the tables and
// writes them to BENCHMARKS.md.
//
//   node bench/run.mjs [--quick] [--build NAME=DIR ...]
//
// --quick runs each section once on a small fleet to try the script; it prints but does not write
// BENCHMARKS.md. --build picks the builds (bench/lib/builds.mjs; default: all, a missing one noted).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserUiPages, launchBrowser } from '../tests/e2e/harness.mjs';
import { REPO } from './lib/build.mjs';
import { selectBuilds } from './lib/builds.mjs';
import { measureFirstPaint } from './lib/first-paint.mjs';
import { LATENCY_MS, measureFleet } from './lib/fleet.mjs';
import { describeMachine } from './lib/machine.mjs';
import { recordFleet } from './lib/record.mjs';
import { render } from './lib/report.mjs';
import { measureSigning } from './lib/signing.mjs';
import { measureSize } from './lib/size.mjs';

const quick = process.argv.includes('--quick');
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

const settings = quick
  ? {
    fleet: [{ hosts: 1000, consoleRuns: 1, boto3Runs: 1 }],
    renderAt: 1000,
    firstPaint: { hosts: 1000, runs: 1 },
    signing: { requests: 2000, runs: 1 },
  }
  : {
    fleet: [
      // Nine of each: one load's time spreads over ±100 ms on this machine, about its first row's
      // whole lead.
      { hosts: 1000, consoleRuns: 9, boto3Runs: 9 },
      // A sequential 10,000-host load takes most of half a minute: three of those; five console
      // runs, each measuring the rendering next to a reference run, whose dropped frames move
      // 2× from run to run.
      { hosts: 10_000, consoleRuns: 5, boto3Runs: 3 },
    ],
    renderAt: 10_000,
    firstPaint: { hosts: 1000, runs: 5 },
    signing: { requests: 10_000, runs: 5 },
  };

const started = Date.now();
const machine = describeMachine();
const { present: builds, missing } = selectBuilds(process.argv.slice(2));
for (const build of missing) log(`${build.title}: ${build.path}/ has no build, skipped (\`${build.make}\` makes it)`);
if (builds.length === 0) throw new Error('no build to measure');
const admin = builds.find((build) => build.name === 'admin');

log(`size: ${builds.map((b) => b.path).join(', ')} and the aws-sdk-js v3 reference`);
const size = await measureSize(builds);

const browser = await launchBrowser();
// Chromium's own pages started beside each page under test compete with it for the cores.
machine.browserUiPages = await browserUiPages(browser);
let fleet = [];
let firstPaint;
try {
  const recordings = {};
  // The fleet sizes need the admin console; the first-paint runs replay one of them.
  const sizes = new Set([...(admin ? settings.fleet.map((plan) => plan.hosts) : []), settings.firstPaint.hosts]);
  for (const hosts of sizes) {
    // Every build's first visit is recorded where the first-paint runs need it; elsewhere the fleet's.
    const visited = hosts === settings.firstPaint.hosts ? builds : [admin];
    recordings[hosts] = await recordFleet({ browser, hosts, builds: visited, log });
    log(`recorded ${recordings[hosts].answers} answers for ${hosts} hosts`);
  }
  if (admin) {
    log(`fleet: ${settings.fleet.map((p) => p.hosts).join(' and ')} hosts, replayed with ${LATENCY_MS} ms per request`);
    fleet = await measureFleet({ browser, plans: settings.fleet, renderAt: settings.renderAt, admin, recordings, log });
  } else {
    log('fleet: skipped (no admin build)');
  }
  log('first useful paint on emulated links');
  firstPaint = await measureFirstPaint({ browser, builds, recording: recordings[settings.firstPaint.hosts], runs: settings.firstPaint.runs, log });
} finally {
  await browser.close();
}

log(`signing: ${settings.signing.requests} requests, ${settings.signing.runs} runs per signer`);
const signing = await measureSigning(settings.signing);

const markdown = render({
  machine: { ...machine, loadAtEnd: describeMachine().load },
  builds, missing, size, fleet, firstPaint, signing,
  latencyMs: LATENCY_MS, renderAt: settings.renderAt, firstPaintHosts: settings.firstPaint.hosts,
  minutes: (Date.now() - started) / 60_000, quick,
});
process.stdout.write(markdown);
if (!quick) {
  writeFileSync(join(REPO, 'BENCHMARKS.md'), markdown);
  log('wrote BENCHMARKS.md');
}

// `make bench`: measures the console next to what users would pick instead, prints the tables and
// writes them to BENCHMARKS.md. `--quick` runs each section once on a small fleet to try the
// script; it prints but does not write BENCHMARKS.md.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DIST } from '../scripts/static-server.mjs';
import { REPO } from './lib/build.mjs';
import { CLUSTER, LATENCY_MS, measureFleet } from './lib/fleet.mjs';
import { describeMachine } from './lib/machine.mjs';
import { render } from './lib/report.mjs';
import { measureSigning } from './lib/signing.mjs';
import { measureSize } from './lib/size.mjs';

const quick = process.argv.includes('--quick');
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

const settings = quick
  ? {
    fleet: [{ hosts: 1000, consoleRuns: 1, boto3Runs: 1 }],
    renderAt: 1000,
    signing: { requests: 2000, runs: 1 },
  }
  : {
    fleet: [
      { hosts: 1000, consoleRuns: 5, boto3Runs: 5 },
      // A sequential 10,000-host load takes most of a minute: three runs of each keep `make bench` short.
      { hosts: 10_000, consoleRuns: 3, boto3Runs: 3 },
    ],
    renderAt: 10_000,
    signing: { requests: 10_000, runs: 5 },
  };

const started = Date.now();
const machine = describeMachine();
log(`size: measuring ${relative(REPO, DIST) || '.'} and bundling the aws-sdk-js v3 reference`);
const size = await measureSize(DIST);
log(`fleet: ${settings.fleet.map((p) => p.hosts).join(' and ')} hosts, ${LATENCY_MS} ms per request`);
const fleet = await measureFleet({ plans: settings.fleet, renderAt: settings.renderAt, log });
log(`signing: ${settings.signing.requests} requests, ${settings.signing.runs} runs per signer`);
const signing = await measureSigning(settings.signing);

const markdown = render({
  machine: { ...machine, loadAtEnd: describeMachine().load }, size, fleet, signing, cluster: CLUSTER, latencyMs: LATENCY_MS, renderAt: settings.renderAt,
  dist: relative(REPO, DIST), minutes: (Date.now() - started) / 60_000, quick,
});
process.stdout.write(markdown);
if (!quick) {
  writeFileSync(join(REPO, 'BENCHMARKS.md'), markdown);
  log('wrote BENCHMARKS.md');
}

// Sections 2 and 3: the fleet load against the sandbox with injected latency, the console in
// headless Chromium next to a sequential boto3 script, and the table's rendering at 10,000 rows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { launchBrowser, serveDist, startSandbox } from '../../tests/e2e/harness.mjs';
import { REPO } from './build.mjs';
import { loadFleetPage, measureRendering } from './fleet-page.mjs';
import { percentile, spread } from './stats.mjs';

export const CLUSTER = 'bench';
export const LATENCY_MS = 40;
const FLEET_OPERATIONS = ['ecs:ListContainerInstances', 'ecs:DescribeContainerInstances', 'ssm:DescribeInstanceInformation'];

/** The fewest requests that can load N hosts: lists and describes of 100, SSM lookups of 50. */
export const minimumRequests = (hosts) => Math.ceil(hosts / 100) * 2 + Math.ceil(hosts / 50);

function fleetRequests(counters) {
  return FLEET_OPERATIONS.reduce((sum, op) => sum + (counters.operations[op] ?? 0), 0);
}

// Asynchronous on purpose: while the script runs, node must keep draining the sandbox's log pipe,
// or the sandbox blocks writing its request log and stops answering.
const execFileAsync = promisify(execFile);

async function boto3Run(sandbox, hosts) {
  const { stdout } = await execFileAsync(join(REPO, 'sandbox', '.venv', 'bin', 'python'),
    [join(REPO, 'bench', 'fleet_boto3.py'), sandbox.url, CLUSTER], { encoding: 'utf8' });
  const result = JSON.parse(stdout);
  if (result.hosts !== hosts) throw new Error(`boto3 joined ${result.hosts} of ${hosts} hosts`);
  return result;
}

async function consoleRun({ browser, site, sandbox, hosts, render }) {
  const { context, page, errors, counters, marks } = await loadFleetPage({
    browser, siteUrl: site.url, sandbox, hosts, cluster: CLUSTER, timeoutMs: 300_000,
  });
  try {
    const run = {
      firstRowMs: marks.firstRowMs,
      allRowsMs: marks.allRowsMs,
      firstRowFromFirstRequestMs: marks.firstRowMs - marks.aws.firstRequestStart,
      // The same span boto3 is timed over: from the first AWS request.
      allRowsFromFirstRequestMs: marks.allRowsMs - marks.aws.firstRequestStart,
      dataToPaintMs: marks.allRowsMs - marks.aws.lastResponseEnd,
      requests: fleetRequests(counters),
      totalRequests: counters.total,
    };
    if (render) run.render = await measureRendering(page);
    if (errors.length) throw new Error(`the console failed: ${errors.join('; ')}`);
    return run;
  } finally {
    await context.close();
  }
}

/**
 * For each plan `{hosts, consoleRuns, boto3Runs}`, against one sandbox of that many hosts: the
 * console and boto3 loads with every request delayed by LATENCY_MS, then the boto3 loads again
 * without the delay. Rendering is measured in the console runs at `renderAt` hosts.
 */
export async function measureFleet({ plans, renderAt, log }) {
  const browser = await launchBrowser();
  const results = [];
  try {
    for (const { hosts, consoleRuns: consoleRunCount, boto3Runs: boto3RunCount } of plans) {
      const sandbox = await startSandbox({ seed: `hosts:${hosts}` });
      const site = await serveDist({
        prefix: '/console/', overrides: { 'config.json': JSON.stringify({ sandboxUrl: sandbox.url }) },
      });
      try {
        await sandbox.control('faults', { latencyMs: LATENCY_MS });
        const consoleRuns = [];
        for (let i = 0; i < consoleRunCount; i += 1) {
          consoleRuns.push(await consoleRun({ browser, site, sandbox, hosts, render: hosts === renderAt }));
          log(`fleet ${hosts}: console run ${i + 1}/${consoleRunCount}: all rows in ${consoleRuns.at(-1).allRowsMs.toFixed(0)} ms`);
        }
        const boto3Runs = [];
        for (let i = 0; i < boto3RunCount; i += 1) {
          await sandbox.control('counters/reset', {});
          const run = await boto3Run(sandbox, hosts);
          run.requests = fleetRequests(await sandbox.control('counters'));
          boto3Runs.push(run);
          log(`fleet ${hosts}: boto3 run ${i + 1}/${boto3RunCount}: all rows in ${run.allRowsMs.toFixed(0)} ms`);
        }
        // The same sequential load without the injected latency: what the sandbox's own work costs
        // on this machine, a floor no client's wall time can go under.
        await sandbox.control('faults/reset', {});
        const floorRuns = [];
        for (let i = 0; i < boto3RunCount; i += 1) {
          floorRuns.push(await boto3Run(sandbox, hosts));
          log(`fleet ${hosts}: boto3 without latency ${i + 1}/${boto3RunCount}: all rows in ${floorRuns.at(-1).allRowsMs.toFixed(0)} ms`);
        }
        results.push(summarize(hosts, consoleRuns, boto3Runs, floorRuns));
      } finally {
        await site.close();
        sandbox.stop();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

function summarize(hosts, consoleRuns, boto3Runs, floorRuns) {
  const of = (runs, key) => spread(runs.map((r) => r[key]));
  const summary = {
    hosts,
    minimumRequests: minimumRequests(hosts),
    console: {
      firstRowMs: of(consoleRuns, 'firstRowMs'),
      allRowsMs: of(consoleRuns, 'allRowsMs'),
      firstRowFromFirstRequestMs: of(consoleRuns, 'firstRowFromFirstRequestMs'),
      allRowsFromFirstRequestMs: of(consoleRuns, 'allRowsFromFirstRequestMs'),
      dataToPaintMs: of(consoleRuns, 'dataToPaintMs'),
      requests: of(consoleRuns, 'requests'),
      totalRequests: of(consoleRuns, 'totalRequests'),
    },
    boto3: {
      firstRowMs: of(boto3Runs, 'firstRowMs'),
      allRowsMs: of(boto3Runs, 'allRowsMs'),
      requests: of(boto3Runs, 'requests'),
    },
    floor: { allRowsMs: of(floorRuns, 'allRowsMs') },
  };
  const rendered = consoleRuns.filter((r) => r.render);
  if (rendered.length) summary.render = summarizeRendering(rendered.map((r) => r.render));
  return summary;
}

function summarizeRendering(runs) {
  const latencies = runs.map((r) => r.keystrokes.map((k) => k.latencyMs));
  const intervals = runs.map((r) => r.scroll.intervals);
  return {
    keystrokesPerRun: latencies[0].length,
    keystrokesChangingDom: runs.reduce((n, r) => n + r.keystrokes.filter((k) => k.changedDom).length, 0),
    keystrokesTotal: runs.reduce((n, r) => n + r.keystrokes.length, 0),
    lateUpdates: runs.reduce((n, r) => n + r.keystrokes.filter((k) => k.late).length, 0),
    keyP50: spread(latencies.map((l) => percentile(l, 0.5))),
    keyP95: spread(latencies.map((l) => percentile(l, 0.95))),
    keyMax: spread(latencies.map((l) => Math.max(...l))),
    framesPerRun: spread(intervals.map((i) => i.length)),
    frameP50: spread(intervals.map((i) => percentile(i, 0.5))),
    frameP95: spread(intervals.map((i) => percentile(i, 0.95))),
    frameMax: spread(intervals.map((i) => Math.max(...i))),
    // Frames over 1.5 × 16.7 ms: at least one frame was dropped.
    longFrames: spread(intervals.map((i) => i.filter((v) => v > 25).length)),
    reachedLastRow: runs.every((r) => r.scroll.reachedLastRow),
  };
}

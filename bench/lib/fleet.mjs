// Sections 2, 4 and 5: the fleet load against the replay server (the console in headless Chromium
// next to the sequential boto3 script), and at `renderAt` hosts the table's rendering and memory
// next to the plain-JS reference table, in the same run.
import { loadavg } from 'node:os';
import { boto3Load } from './boto3.mjs';
import { CLUSTER } from './builds.mjs';
import { CPU_GROUPS, startCpuMeter, startMachineMeter } from './cpu.mjs';
import { FramesStopped, instrumentedPage, measureMemory, measureRendering, ROW, waitForAllRows } from './fleet-page.mjs';
import { buildReference, harvest, serveReference } from './reference-table.mjs';
import { startReplay } from './replay.mjs';
import { serveBuild } from './serve.mjs';
import { percentile, spread } from './stats.mjs';

export const LATENCY_MS = 40;
const OPERATIONS = {
  list: 'AmazonEC2ContainerServiceV20141113.ListContainerInstances',
  describe: 'AmazonEC2ContainerServiceV20141113.DescribeContainerInstances',
  ssm: 'AmazonSSM.DescribeInstanceInformation',
  ssmListing: 'AmazonSSM.DescribeInstanceProperties',
};
// One frame at 60 Hz: headless Chromium's animation frame rate.
export const FRAME_MS = 1000 / 60;

/**
 * The fewest requests that can load N hosts: lists and describes of 100, and the region's managed
 * instances (here only the hosts) listed 1,000 a page.
 */
export const minimumRequests = (hosts) => Math.ceil(hosts / 100) * 2 + Math.ceil(hosts / 1000);

const load = () => loadavg()[0];

async function servedRequests(replay) {
  const { operations, misses } = await replay.counters();
  if (misses.length) throw new Error(`the replay server lacks ${misses.length} answers, e.g. ${misses[0]}`);
  const fleet = Object.values(OPERATIONS).reduce((sum, op) => sum + (operations[op] ?? 0), 0);
  // AWS operations by their X-Amz-Target; the /_sandbox/config fetch is named by its path.
  const total = Object.entries(operations).filter(([name]) => !name.startsWith('/')).reduce((sum, [, n]) => sum + n, 0);
  return { fleet, total };
}

async function consoleRun({ browser, site, replay, hosts, render, harvestRows }) {
  await replay.resetCounters();
  const loadAtStart = load();
  const { context, page, errors } = await instrumentedPage(browser, { hosts, paintSelector: ROW });
  try {
    const cpuMeter = await startCpuMeter(context, page);
    await page.goto(`${site.url}index.html#/fleet?cluster=${CLUSTER}`);
    await waitForAllRows(page, 300_000);
    const cpu = await cpuMeter.stop();
    const requests = await servedRequests(replay);
    const marks = await page.evaluate((origin) => {
      const bench = window.__bench;
      return { firstRowMs: bench.paintMs, joinedRowMs: bench.joinedMs, allRowsMs: bench.allRowsMs, aws: bench.awsTimes(origin) };
    }, new URL(replay.url).origin);
    const run = {
      load: loadAtStart,
      firstRowMs: marks.firstRowMs,
      allRowsMs: marks.allRowsMs,
      // The span boto3 is timed over: from the first AWS request.
      firstRowFromFirstRequestMs: marks.firstRowMs - marks.aws.firstRequestStart,
      joinedRowFromFirstRequestMs: marks.joinedRowMs - marks.aws.firstRequestStart,
      allRowsFromFirstRequestMs: marks.allRowsMs - marks.aws.firstRequestStart,
      dataToPaintMs: marks.allRowsMs - marks.aws.lastResponseEnd,
      requests: requests.fleet,
      totalRequests: requests.total,
      ...cpu,
    };
    if (render) {
      run.memory = await measureMemory(context, page);
      run.render = await measureRendering(page);
    }
    if (harvestRows) run.harvested = await harvest(page, hosts);
    if (errors.length) throw new Error(`the console failed: ${errors.join('; ')}`);
    return run;
  } finally {
    await context.close();
  }
}

async function boto3Run(replay, hosts) {
  await replay.resetCounters();
  const loadAtStart = load();
  const machine = startMachineMeter();
  const run = await boto3Load(replay.url, hosts);
  const { cpuByProcess } = machine.stop();
  const requests = await servedRequests(replay);
  return { ...run, cpuByProcess, load: loadAtStart, requests: requests.fleet };
}

/** Runs measured again, at most, after Chromium stopped the page's animation frames. */
const FRAME_STOP_RETRIES = 2;

/**
 * `measure()`, again in a fresh context when headless Chromium stopped the page's animation
 * frames: at times it stops calling one page's requestAnimationFrame callbacks for good (timers
 * still run, other pages still get frames, neither input nor a screenshot restarts them), which
 * says nothing about the page. `retried` counts the runs measured again.
 */
async function retryingFrameStops(what, measure, retried, log) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await measure();
    } catch (error) {
      if (!(error instanceof FramesStopped) || attempt === FRAME_STOP_RETRIES) throw error;
      retried.count += 1;
      log(`${what}: ${error.message}; measured again in a fresh context`);
    }
  }
}

/**
 * For each plan `{hosts, consoleRuns, boto3Runs}`, against the replay server of that plan's
 * recording: console and boto3 loads, alternating. At `renderAt` hosts each console run also
 * measures memory and rendering, and is followed by a run of the reference table (built from the
 * first console run's rows).
 */
export async function measureFleet({ browser, plans, renderAt, admin, recordings, log }) {
  const results = [];
  for (const { hosts, consoleRuns: consoleRunCount, boto3Runs: boto3RunCount } of plans) {
    const replay = await startReplay(recordings[hosts].file, LATENCY_MS);
    const site = await serveBuild(admin.dir, {
      prefix: '/console/', overrides: { 'config.json': JSON.stringify(admin.config({ api: replay.url })) },
    });
    let reference;
    let reshapedRows;
    try {
      const consoleRuns = [];
      const boto3Runs = [];
      const referenceRuns = [];
      const retried = { count: 0 };
      for (let i = 0; i < Math.max(consoleRunCount, boto3RunCount); i += 1) {
        if (i < consoleRunCount) {
          const render = hosts === renderAt;
          const run = await retryingFrameStops(`fleet ${hosts}: console run ${i + 1}`,
            () => consoleRun({ browser, site, replay, hosts, render, harvestRows: render && !reference }), retried, log);
          log(`fleet ${hosts}: console run ${i + 1}/${consoleRunCount}: all rows in ${run.allRowsMs.toFixed(0)} ms`
            + (render ? `, keystroke p95 ${percentile(run.render.keystrokes.map((k) => k.latencyMs), 0.95).toFixed(1)} ms` : ''));
          if (run.harvested) {
            reshapedRows = run.harvested.reshaped;
            reference = await serveReference(buildReference(run.harvested, admin.dir), browser, hosts);
            delete run.harvested;
          }
          consoleRuns.push(run);
          if (render) {
            const loadAtStart = load();
            const referenceRun = await retryingFrameStops(`fleet ${hosts}: reference run ${referenceRuns.length + 1}`,
              () => reference.run(), retried, log);
            referenceRuns.push({ ...referenceRun, load: loadAtStart });
            log(`fleet ${hosts}: reference run ${referenceRuns.length}: keystroke p95 ${percentile(referenceRun.render.keystrokes.map((k) => k.latencyMs), 0.95).toFixed(1)} ms`);
          }
        }
        if (i < boto3RunCount) {
          boto3Runs.push(await boto3Run(replay, hosts));
          log(`fleet ${hosts}: boto3 run ${i + 1}/${boto3RunCount}: all rows in ${boto3Runs.at(-1).allRowsMs.toFixed(0)} ms`);
        }
      }
      results.push({ ...summarize({ hosts, consoleRuns, boto3Runs, referenceRuns, reshapedRows }), framesStoppedRetries: retried.count });
    } finally {
      await reference?.close();
      await site.close();
      await replay.stop();
    }
  }
  return results;
}

function summarize({ hosts, consoleRuns, boto3Runs, referenceRuns, reshapedRows }) {
  const of = (runs, key) => spread(runs.map((r) => r[key]));
  const byProcess = (runs) => Object.fromEntries(
    CPU_GROUPS.map((group) => [group, spread(runs.map((r) => r.cpuByProcess[group]))]));
  const summary = {
    hosts,
    minimumRequests: minimumRequests(hosts),
    load: spread([...consoleRuns, ...boto3Runs, ...referenceRuns].map((r) => r.load)),
    console: {
      firstRowMs: of(consoleRuns, 'firstRowMs'),
      allRowsMs: of(consoleRuns, 'allRowsMs'),
      firstRowFromFirstRequestMs: of(consoleRuns, 'firstRowFromFirstRequestMs'),
      joinedRowFromFirstRequestMs: of(consoleRuns, 'joinedRowFromFirstRequestMs'),
      allRowsFromFirstRequestMs: of(consoleRuns, 'allRowsFromFirstRequestMs'),
      dataToPaintMs: of(consoleRuns, 'dataToPaintMs'),
      requests: of(consoleRuns, 'requests'),
      totalRequests: of(consoleRuns, 'totalRequests'),
      mainThreadTasksMs: of(consoleRuns, 'mainThreadTasksMs'),
      mainThreadCpuMs: of(consoleRuns, 'mainThreadCpuMs'),
      rendererCpuMs: of(consoleRuns, 'rendererCpuMs'),
      renderersRunMs: of(consoleRuns, 'renderersRunMs'),
      renderersWaitMs: of(consoleRuns, 'renderersWaitMs'),
      busyCores: of(consoleRuns, 'busyCores'),
      cpuByProcess: byProcess(consoleRuns),
    },
    boto3: {
      firstRowMs: of(boto3Runs, 'firstRowMs'),
      allRowsMs: of(boto3Runs, 'allRowsMs'),
      cpuMs: of(boto3Runs, 'cpuMs'),
      cpuByProcess: byProcess(boto3Runs),
      requests: of(boto3Runs, 'requests'),
    },
  };
  if (referenceRuns.length) {
    summary.render = {
      console: summarizeRendering(consoleRuns.map((r) => r.render)),
      reference: summarizeRendering(referenceRuns.map((r) => r.render)),
      agreement: agreement(consoleRuns.map((r) => r.render), referenceRuns.map((r) => r.render)),
      reshapedRows,
    };
    summary.memory = {
      console: summarizeMemory(consoleRuns.map((r) => r.memory)),
      reference: summarizeMemory(referenceRuns.map((r) => r.memory)),
    };
  }
  return summary;
}

/** Frames a scroll missed: an interval of k frames means k - 1 were dropped. */
export const droppedFrames = (intervals) => intervals.reduce((sum, ms) => sum + Math.max(0, Math.round(ms / FRAME_MS) - 1), 0);

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
    framesPerPass: spread(runs.map((r) => r.scroll.framesPerPass)),
    frameP50: spread(intervals.map((i) => percentile(i, 0.5))),
    frameP95: spread(intervals.map((i) => percentile(i, 0.95))),
    dropped: spread(intervals.map(droppedFrames)),
    cpuPerFrame: spread(runs.map((r) => r.scroll.cpuPerFrameMs)),
    reachedLastRow: runs.every((r) => r.scroll.reachedLastRow),
  };
}

/** On how many keystrokes the console and the reference showed the same number of hosts. */
function agreement(consoleRuns, referenceRuns) {
  const console = consoleRuns[0].keystrokes.map((k) => k.shown);
  const reference = referenceRuns[0].keystrokes.map((k) => k.shown);
  const differing = console.map((shown, i) => [i, shown, reference[i]]).filter(([, a, b]) => a !== b);
  return { keystrokes: console.length, same: console.length - differing.length, example: differing[0] };
}

function summarizeMemory(runs) {
  return {
    jsHeapUsed: spread(runs.map((r) => r.jsHeapUsed)),
    wasm: spread(runs.map((r) => r.wasm)),
    total: spread(runs.map((r) => r.jsHeapUsed + r.wasm)),
  };
}

// The run as Markdown: what was measured, how, the figures (min / median / max) and the targets.
import { SEARCHES } from './fleet-page.mjs';
import { formatSpread, kb } from './stats.mjs';

const BUDGET_BROTLI = 200 * 1024;
const FRAME_MS = 16;

const ms = (s, digits = 0) => formatSpread(s, digits, 'ms');
const count = (s) => formatSpread(s, 0);
const times = (a, b) => `${(a / b).toFixed(1)}×`;
const verdict = (met) => (met ? '**met**' : '**not met**');
const table = (head, rows) => [
  `| ${head.join(' | ')} |`,
  `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');

function sizeSection({ console: app, reference }, dist) {
  const sum = (rows, key) => rows.reduce((total, r) => total + r[key], 0);
  const kindRow = (kind, rows) => [`console ${kind} (${rows.length} file${rows.length === 1 ? '' : 's'})`,
    ...['raw', 'gzip', 'brotli'].map((key) => kb(sum(rows, key)))];
  const rows = Object.entries(app.kinds).filter(([, r]) => r.length).map(([kind, r]) => kindRow(kind, r));
  const { initial } = app;
  return {
    targets: [[`Console initial transfer ≤ 200 KB brotli`, `${kb(initial.brotli)}`, verdict(initial.brotli <= BUDGET_BROTLI)]],
    text: `## 1. Size of the first visit

${table(['', 'raw', 'gzip', 'brotli'], [
    ...rows,
    ['**console initial transfer** (everything the app needs, UI included)', kb(initial.raw), kb(initial.gzip), `**${kb(initial.brotli)}**`],
    [`aws-sdk-js v3 ECS + SSM clients, the console's ${reference.commands.ecs + reference.commands.ssm} operations, **SDK only, no UI**`, kb(reference.raw), kb(reference.gzip), kb(reference.brotli)],
    ['ratio console / SDK', times(initial.raw, reference.raw), times(initial.gzip, reference.gzip), times(initial.brotli, reference.brotli)],
  ])}

Budget: console ≤ 200 KB brotli: ${kb(initial.brotli)}, ${verdict(initial.brotli <= BUDGET_BROTLI)}.

How: \`scripts/size.mjs\` on the release build in \`${dist}/\` (trunk --release, wasm-opt -Oz): the
initial transfer is index.html and every file it references; gzip level 9, brotli quality 11 (node's
zlib). The reference is \`bench/reference/sdk-entry.mjs\` (\`ECSClient\`, \`SSMClient\` and the ${reference.commands.ecs} ECS and
${reference.commands.ssm} SSM commands of \`anywhere_core::aws\`) bundled in this run by esbuild (browser, ESM, minified, tree-shaken)
and measured by the same script. Sizes are deterministic, so each is measured once.
`,
  };
}

function fleetSection(fleet, { cluster, latencyMs, cores }) {
  const targets = [];
  const blocks = fleet.map((f) => {
    const c = f.console;
    const b = f.boto3;
    const speedup = b.allRowsMs.median / c.allRowsMs.median;
    targets.push(
      [`${f.hosts.toLocaleString('en-US')} hosts: requests at the minimum (${f.minimumRequests})`,
        `console ${count(c.requests)}`, verdict(c.requests.max === f.minimumRequests)],
      [`${f.hosts.toLocaleString('en-US')} hosts: wall time ≤ ⅓ of the sequential load (median)`,
        `${c.allRowsMs.median.toFixed(0)} ms vs ${b.allRowsMs.median.toFixed(0)} ms: ${speedup.toFixed(1)}× faster`,
        verdict(c.allRowsMs.median * 3 <= b.allRowsMs.median)],
    );
    return `### ${f.hosts.toLocaleString('en-US')} hosts (console ${c.allRowsMs.runs} runs, boto3 ${b.allRowsMs.runs} runs)

${table(['min / median / max', 'console (headless Chromium)', 'boto3, sequential like the AWS CLI', 'boto3 / console (medians)'], [
    ['first row, from navigation start (console) / first request (boto3)', ms(c.firstRowMs), ms(b.firstRowMs), times(b.firstRowMs.median, c.firstRowMs.median)],
    ['first row, from the first AWS request', ms(c.firstRowFromFirstRequestMs), ms(b.firstRowMs), times(b.firstRowMs.median, c.firstRowFromFirstRequestMs.median)],
    ['**all rows**, from navigation start (console) / first request (boto3)', ms(c.allRowsMs), ms(b.allRowsMs), `**${times(b.allRowsMs.median, c.allRowsMs.median)}**`],
    ['all rows, from the first AWS request', ms(c.allRowsFromFirstRequestMs), ms(b.allRowsMs), times(b.allRowsMs.median, c.allRowsFromFirstRequestMs.median)],
    ['all rows with no injected latency: the sandbox\'s own cost', '', ms(f.floor.allRowsMs), ''],
    [`list / describe / SSM requests (minimum ${f.minimumRequests})`, count(c.requests), count(b.requests), ''],
    ['all requests (console: with ListClusters)', count(c.totalRequests), count(b.requests), ''],
  ])}`;
  });
  return {
    targets,
    text: `## 2. Fleet load, ${latencyMs} ms per request

${blocks.join('\n\n')}

How: the sandbox (\`startSandbox({seed: 'hosts:N'})\`, cluster \`${cluster}\`, every 10th host
disconnected, every 25th draining) delays every call by ${latencyMs} ms (\`faults {latencyMs: ${latencyMs}}\`).
The console is the release build served like a bucket, opened at \`#/fleet?cluster=${cluster}\` in a
fresh browser context (cold cache) per run; a MutationObserver installed before the app runs marks the
first \`.fleet-rows [role=row]\` and the "N hosts loaded" status, each at the frame that paints it
(requestAnimationFrame, then a task), in the page's clock whose zero is navigation start: the console's
times include downloading and compiling the app. "From the first AWS request" starts at the first
API call's Resource Timing entry, the span the boto3 script is timed over. \`bench/fleet_boto3.py\` does
the same requests (ListContainerInstances pages of 100 with the external filter, DescribeContainerInstances
with tags, DescribeInstanceInformation with ≤50 InstanceIds) one at a time, page after page, and times
from its first request to the first joined row and to the last. Request counts are the sandbox's
counters of verified calls. The minimum is ⌈N/100⌉ lists + ⌈N/100⌉ describes + ⌈N/50⌉ SSM lookups.
The last row is the boto3 load again with the latency removed: the CPU the sandbox (moto, one Python
process) and the client spend on the requests, on the same ${cores} cores as the browser. Requests in
flight at once overlap their latency, not that work, so it bounds how far under the sequential time any
client can get here; against real AWS, whose servers work in parallel, only the latency remains.
`,
  };
}

function renderSection(fleet, renderAt) {
  const f = fleet.find((x) => x.hosts === renderAt && x.render);
  if (!f) return { targets: [], text: '' };
  const r = f.render;
  const runs = r.keyP95.runs;
  return {
    targets: [[`${renderAt.toLocaleString('en-US')} rows: filter keystroke p95 ≤ ${FRAME_MS} ms (every run)`,
      `p95 ${ms(r.keyP95, 1)}`, verdict(r.keyP95.max <= FRAME_MS)]],
    text: `## 3. Rendering at ${renderAt.toLocaleString('en-US')} rows (${runs} runs)

${table(['min / median / max over runs', ''], [
    ['data to paint: last API response → frame showing all rows', ms(f.console.dataToPaintMs, 1)],
    [`filter keystroke → next frame, p50 (${r.keystrokesPerRun} keys per run)`, ms(r.keyP50, 1)],
    ['filter keystroke → next frame, p95', `**${ms(r.keyP95, 1)}**`],
    ['filter keystroke → next frame, max', ms(r.keyMax, 1)],
    ['scroll frame interval, p50', ms(r.frameP50, 1)],
    ['scroll frame interval, p95', ms(r.frameP95, 1)],
    ['scroll frame interval, max', ms(r.frameMax, 1)],
    ['scroll frames over 25 ms (a dropped frame)', count(r.longFrames)],
    ['frames to scroll top to bottom', count(r.framesPerRun)],
  ])}

How: in each ${renderAt.toLocaleString('en-US')}-host console run of section 2, once loaded (auto-refresh off).
*Data to paint*: from the \`responseEnd\` of the last API response before the table showed every host
to the painted frame that shows it (the work after the data arrived: join, facets, sort, filter,
rows). *Keystrokes*: Playwright types and erases ${SEARCHES.map((q) => `"${q}"`).join(', ')} in the
search box, one key at a time; a capture listener takes the input event's \`timeStamp\` and the next
requestAnimationFrame callback after the app's handler and its microtasks updated the DOM.
${r.keystrokesChangingDom} of ${r.keystrokesTotal} keystrokes changed the DOM before that frame (the others
left the same rows shown); ${r.lateUpdates} changed it only after the measured frame. *Scroll*: the
virtualized table is scrolled one viewport per frame from top to bottom by requestAnimationFrame
(a fling: every frame shows only new rows), which records the intervals between frames; the last host's row was ${r.reachedLastRow ? '' : '**not** '}rendered at
the bottom in every run. Headless Chromium, software rendering (--disable-gpu), 1280×800.
`,
  };
}

function signingSection(s) {
  const rate = (x) => formatSpread(x, 0, 'req/s');
  return {
    targets: [],
    text: `## 4. Signing (${s.requests.toLocaleString('en-US')} requests, ${s.runs} runs per signer)

${table(['requests signed per second, min / median / max', '', 'console / this (medians)'], [
    ['**console**: anywhere-core build_request + sign_request (aws-sigv4) in wasm', `**${rate(s.wasm)}**`, ''],
    ['aws-sdk-js v3 @smithy/signature-v4, WebCrypto SHA-256 (the SDK\'s browser default)', rate(s.webcrypto), `**${times(s.wasm.median, s.webcrypto.median)}**`],
    ['aws-sdk-js v3 @smithy/signature-v4, pure-JS SHA-256 (its fallback)', rate(s.js), times(s.wasm.median, s.js.median)],
  ])}

How: one page of headless Chromium holds both. The console's side is \`bench/sign-wasm\`, a cdylib
calling \`anywhere_core::aws::request::build_request\` and \`anywhere_core::aws::sign::sign_request\`,
built with the console's release profile, wasm-bindgen --target web and wasm-opt -Oz; its
\`sign_many(n)\` builds and signs requests 0..n. The SDK's side is \`bench/reference/signer-entry.mjs\`
(SignatureV4 with @smithy/core's browser SHA-256, bundled by esbuild), building the same JSON bodies
and awaiting each signature as the SDK does. The requests are a fleet load's mix: per four, one
ListContainerInstances, one DescribeContainerInstances of 100 ARNs and two DescribeInstanceInformation
of 50 ids (ECS and SSM, us-east-1, fixed time). Before timing, the signers are checked to produce
identical Authorization headers (the SDK's \`applyChecksum\` is off so it adds no x-amz-content-sha256
header; the body is hashed either way) and each signs 500 requests to warm up. Each run times one
batch with performance.now(); runs alternate between the signers.
`,
  };
}

export function render({ machine, size, fleet, signing, cluster, latencyMs, renderAt, dist, minutes, quick }) {
  const sections = [
    sizeSection(size, dist),
    fleetSection(fleet, { cluster, latencyMs, cores: machine.cores }),
    renderSection(fleet, renderAt),
    signingSection(signing),
  ];
  const targets = sections.flatMap((s) => s.targets);
  return `# Benchmarks

Written by \`make bench\` (\`bench/run.mjs\`)${quick ? ' in --quick mode (single runs, small fleet)' : ''}: the console measured next to what
users would pick instead, in one run. Every figure is min / median / max over the runs stated.

| machine | |
| --- | --- |
| CPU | ${machine.cpu}, ${machine.cores} cores |
| memory | ${machine.memoryGiB} GiB |
| browser | ${machine.chromium}, headless |
| node | ${machine.node} |
| load average (1 min) at start / end | ${machine.load} / ${machine.loadAtEnd} |
| date | ${machine.date} (run took ${minutes.toFixed(1)} min) |
| console built from | ${machine.commit}${machine.uncommittedAppFiles ? ` with ${machine.uncommittedAppFiles} uncommitted app files` : ''} |

## Targets

${table(['target', 'measured', ''], targets)}

${sections.map((s) => s.text).filter(Boolean).join('\n')}`;
}

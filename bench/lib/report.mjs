// The run as Markdown: what was measured, how, the figures (min / median / max) and the targets.
import { FRAME_MS } from './fleet.mjs';
import { LINKS } from './first-paint.mjs';
import { SCROLL_PASSES, SEARCHES } from './fleet-page.mjs';
import { formatSpread, kb } from './stats.mjs';

// Goals of issue 16, as ratios to what the same run measured beside the console.
const KEYSTROKE_RATIO = 1.25;
const DROPPED_RATIO = 1.5;
const SEQUENTIAL_RATIO = 3;
// Over one chain's minimum (anywhere_core::fleet::load): a cluster of more than two pages is listed
// again in four parts, and a part of more than three pages again in four, each split listing the
// pages before it again and at most one short page per part: 2 + 4 × (3 + 4) lists at most; and
// the first page is described in two, a screenful first, so the first rows wait for a small answer.
const EXTRA_REQUESTS = 2 + 4 * (3 + 4) + 1;

const ms = (s, digits = 0) => formatSpread(s, digits, 'ms');
/** The median CPU ms of each process group (bench/lib/cpu.mjs), the groups with none left out. */
const byProcess = (groups) => Object.entries(groups)
  .filter(([, s]) => Math.round(s.median) > 0)
  .map(([group, s]) => `${group} ${s.median.toFixed(0)}`)
  .join(' · ');
const count = (s) => formatSpread(s, 0);
const mib = (s) => formatSpread({ min: s.min / 2 ** 20, median: s.median / 2 ** 20, max: s.max / 2 ** 20 }, 1, 'MiB');
const kib = (s) => formatSpread({ min: s.min / 1024, median: s.median / 1024, max: s.max / 1024 }, 0, 'KB');
const loadRange = (s) => `load ${formatSpread(s, 1)}`;
const times = (a, b) => `${(a / b).toFixed(2)}×`;
const verdict = (met) => (met ? '**met**' : '**not met**');
const hostsText = (n) => n.toLocaleString('en-US');
const runsText = (n) => `${n} run${n === 1 ? '' : 's'}`;
const table = (head, rows) => [
  `| ${head.join(' | ')} |`,
  `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');

function sizeSection({ builds, reference }, missing) {
  const sum = (rows, key) => rows.reduce((total, r) => total + r[key], 0);
  const targets = [
    ...builds.map((b) => [`${b.title} initial transfer ≤ ${b.budgetKiB} KB brotli`, kb(b.initial.brotli), verdict(b.initial.brotli <= b.budgetKiB * 1024)]),
    ...missing.map((b) => [`${b.title} initial transfer ≤ ${b.budgetKiB} KB brotli`, `no build in \`${b.path}/\``, '**not measured**']),
  ];
  const blocks = builds.map((b) => {
    const kinds = Object.entries(b.kinds).filter(([, r]) => r.length).map(([kind, r]) => [
      `${kind} (${r.length} file${r.length === 1 ? '' : 's'})`, ...['raw', 'gzip', 'brotli'].map((key) => kb(sum(r, key)))]);
    const later = b.later.length
      ? [[`fetched only when needed (${b.later.length} files, not in the first visit)`, ...['raw', 'gzip', 'brotli'].map((key) => kb(sum(b.later, key)))]]
      : [];
    return `### ${b.title} (\`${b.path}/\`)

${table(['', 'raw', 'gzip', 'brotli'], [
    ...kinds,
    [`**initial transfer**`, kb(b.initial.raw), kb(b.initial.gzip), `**${kb(b.initial.brotli)}**`],
    ...later,
    [`ratio to the SDK-only reference below`, times(b.initial.raw, reference.raw), times(b.initial.gzip, reference.gzip), times(b.initial.brotli, reference.brotli)],
  ])}`;
  });
  return {
    targets,
    text: `## 1. Size of the first visit

${blocks.join('\n\n')}
${missing.map((b) => `\nThe ${b.title} build is missing: \`${b.path}/\` has no index.html (\`${b.make}\` makes it).\n`).join('')}
Reference: aws-sdk-js v3 ECS + SSM clients with the console's ${reference.commands.ecs + reference.commands.ssm} operations, **SDK only, no UI**:
${kb(reference.raw)} raw, ${kb(reference.gzip)} gzip, ${kb(reference.brotli)} brotli.

How: \`scripts/size.mjs\` (also \`make size\`) on each release build: the initial transfer is index.html
and every file it references; gzip level 9, brotli quality 11 (node's zlib). The reference is
\`bench/reference/sdk-entry.mjs\` (\`ECSClient\`, \`SSMClient\` and the ${reference.commands.ecs} ECS and ${reference.commands.ssm} SSM
commands of \`anywhere_core::aws\`) bundled in this run by esbuild (browser, ESM, minified, tree-shaken).
Sizes are deterministic, so each is measured once.
`,
  };
}

function fleetSection(fleet, { latencyMs, cores }) {
  const targets = [];
  const blocks = fleet.map((f) => {
    const c = f.console;
    const b = f.boto3;
    targets.push(
      [`${hostsText(f.hosts)} hosts: requests at most the one-chain minimum (${f.minimumRequests}) + ${EXTRA_REQUESTS} (the list in parts, the first page described in two)`, `console ${count(c.requests)}`, verdict(c.requests.max <= f.minimumRequests + EXTRA_REQUESTS)],
      [`${hostsText(f.hosts)} hosts: all rows in ≤ ⅓ of the sequential time (medians, from the first AWS request)`,
        `${c.allRowsFromFirstRequestMs.median.toFixed(0)} ms vs ${b.allRowsMs.median.toFixed(0)} ms: ${times(b.allRowsMs.median, c.allRowsFromFirstRequestMs.median)} faster`,
        verdict(c.allRowsFromFirstRequestMs.median * SEQUENTIAL_RATIO <= b.allRowsMs.median)],
      [`${hostsText(f.hosts)} hosts: first row no later than the sequential client's (medians, from the first AWS request)`,
        `${c.firstRowFromFirstRequestMs.median.toFixed(0)} ms vs ${b.firstRowMs.median.toFixed(0)} ms`,
        verdict(c.firstRowFromFirstRequestMs.median <= b.firstRowMs.median)],
    );
    const retried = f.framesStoppedRetries
      ? `; ${f.framesStoppedRetries} measured again in a fresh context after Chromium stopped the page's animation frames`
      : '';
    return `### ${hostsText(f.hosts)} hosts (console ${runsText(c.allRowsMs.runs)}, boto3 ${runsText(b.allRowsMs.runs)}; ${loadRange(f.load)}${retried})

${table(['min / median / max', 'console (headless Chromium)', 'boto3, sequential like the AWS CLI', 'boto3 / console (medians)'], [
    ['first row, from the first AWS request (console: ECS\'s columns, SSM\'s pending)', ms(c.firstRowFromFirstRequestMs), ms(b.firstRowMs), `**${times(b.firstRowMs.median, c.firstRowFromFirstRequestMs.median)}**`],
    ['first row with its SSM record, from the first AWS request', ms(c.joinedRowFromFirstRequestMs), ms(b.firstRowMs), times(b.firstRowMs.median, c.joinedRowFromFirstRequestMs.median)],
    ['**all rows**, from the first AWS request', ms(c.allRowsFromFirstRequestMs), ms(b.allRowsMs), `**${times(b.allRowsMs.median, c.allRowsFromFirstRequestMs.median)}**`],
    ['first row, from navigation start (console: app download and start included)', ms(c.firstRowMs), '', ''],
    ['all rows, from navigation start', ms(c.allRowsMs), '', times(b.allRowsMs.median, c.allRowsMs.median)],
    ['data to paint: last API answer → frame showing all rows', ms(c.dataToPaintMs), '', ''],
    ['main thread in tasks, navigation start → all rows', ms(c.mainThreadTasksMs), '', ''],
    ['… of that time on a CPU', ms(c.mainThreadCpuMs), '', ''],
    ['Chromium renderers\' main threads, same span: on a CPU', ms(c.renderersRunMs), '', ''],
    ['… and waiting for a core (kernel run queue)', ms(c.renderersWaitMs), '', ''],
    ['CPU of the client (console: its renderer process, from navigation start; boto3: its Python process, over its timed span)', ms(c.rendererCpuMs), ms(b.cpuMs), ''],
    [`the machine's busy cores, navigation start → all rows (of ${cores})`, formatSpread(c.busyCores, 2), '', ''],
    ['the machine\'s CPU by process, medians in ms (console: navigation start → all rows; boto3: its whole run, its Python process under "everything else")', byProcess(c.cpuByProcess), byProcess(b.cpuByProcess), ''],
    [`list / describe / SSM requests (one chain's minimum ${f.minimumRequests})`, count(c.requests), count(b.requests), ''],
    ['all AWS requests (console: with ListClusters)', count(c.totalRequests), count(b.requests), ''],
  ])}`;
  });
  return {
    targets,
    text: `## 2. Fleet load, replayed with ${latencyMs} ms per request

${blocks.join('\n\n')}

How: the sandbox (\`--seed hosts:N\`: cluster \`bench\`, every 10th host disconnected, every 25th
draining) answers once, through a recording proxy, a console visit of each build and a boto3 load
(\`bench/lib/record.mjs\`). Then \`bench/lib/replay-server.mjs\`, a node process of its own, serves
those answers, keyed by X-Amz-Target and the request body (JSON with sorted keys; never the
signature), each after ${latencyMs} ms and with no other work per request, with the sandbox's CORS
headers; a describe or one-page SSM lookup whose exact body was not recorded (the console's batches
follow the order its parallel answers arrive) is answered with the recorded item of each ARN or id it
names, joined; a request it cannot answer fails the run. So the console and the sequential script meet the same
cheap server, and the sandbox's own CPU (moto, one Python process on the same cores) is out of the
figures. The console is the release build served like a bucket, opened at \`#/fleet?cluster=bench\`
in a fresh browser context (cold cache) per run; a MutationObserver installed before the app runs
marks the first \`.fleet-rows [role=row]\` (the console shows its first rows before their SSM records,
those columns reading "…"), that row with no "…" left, and the frame whose \`.shown-count\` reads "N of N hosts",
each at the end of the frame that paints it (checked in that frame's requestAnimationFrame callback,
marked by a user-blocking task posted from it, which runs before the page's own after-paint timers),
in the page's clock. "From
the first AWS request" starts at the first API call's Resource Timing entry, the span the boto3
script is timed over; the targets use it. \`bench/fleet_boto3.py\` does the same requests
(DescribeInstanceProperties pages of 1,000 hybrid nodes, then ListContainerInstances pages of 100
with the external filter, each followed by its DescribeContainerInstances with tags) one at a time,
and times from its first request to the first joined row and to the last. Request counts are the
replay server's. One chain's minimum is ⌈N/100⌉ lists + ⌈N/100⌉ describes + ⌈N/1000⌉ pages of the
region's managed instances (the bench's region holds only the cluster's hosts); the console lists a cluster still listing
after two pages again in four parts at once by the last hex digit of the host's id, and a part still
listing after three pages again in four (\`anywhere_core::fleet::load\`), which costs the pages before
each split again and at most one short page per part (≤30 lists more; 4 at 1,000 hosts, about 26 at
10,000), and never holds a list back for describes and lookups; and it describes its first page in
two, a screenful of hosts first, which it shows before their SSM records are back (one describe
more). Console and boto3 runs alternate.

CPU (\`bench/lib/cpu.mjs\`): the console's main thread and renderer process from Chromium's
Performance metrics (TaskDuration in wall time, ThreadTime and ProcessTime in CPU time), read before the
navigation and at the frame showing all rows; the machine's busy cores from \`/proc/stat\` over the
same span (every process: the browser's, the replay server's, anything else running). boto3's is its
own process time (\`time.process_time\`) over the span it is timed over. The renderers' main threads
are every Chromium renderer's first thread (\`/proc/<pid>/schedstat\`: time on a CPU, time waiting in the
run queue), summed, a renderer started during the run counted from its start. When the main thread's
tasks take much longer than their CPU time, its wait for a core is as long as its run, and the cores are
all busy, the load waits for the machine's CPU, not for round trips. The CPU by process is each
process's user and system time (\`/proc/<pid>/stat\`, 10 ms ticks) over the same span, grouped: Chromium's
renderers (the page's and any other), browser, GPU and network service processes, its other helpers,
the replay server, the bench's own node process (Playwright's driver and the static server), and
"everything else", the machine's busy time no listed process accounts for (the boto3 script's Python
process in its runs, processes that ended meanwhile, the kernel, anything else running).
`,
  };
}

function firstPaintSection(firstPaint, { latencyMs, hosts, missing }) {
  const rows = firstPaint.map((r) => [
    `${r.title}: ${r.what}`, r.link.name, `**${ms(r.paintMs)}**`, kib(r.bytes), loadRange(r.load),
  ]);
  const runs = firstPaint[0]?.paintMs.runs ?? 0;
  return {
    targets: [],
    text: `## 3. First useful paint on an emulated link (${runsText(runs)} each)

${table(['build: first useful paint', 'link', 'from navigation start', 'bytes fetched before it', 'machine'], rows)}
${missing.map((b) => `\nNot measured: the ${b.title} build (\`${b.path}/\` missing; \`${b.make}\`).\n`).join('')}
How: Chromium's network emulation (CDP \`Network.emulateNetworkConditions\`) on a fresh context per
visit (cold cache): ${LINKS.map((l) => `${l.name} (${l.downKbps / 1000} Mbps down, ${l.upKbps / 1000} Mbps up, ${l.rttMs} ms added to each request)`).join('; ')}.
Each build is served brotli-compressed (quality 11, the size section's figure: what a host that
compresses sends), with its config.json; AWS calls go to the replay server (${hostsText(hosts)}-host recording,
${latencyMs} ms per answer on top of the link). First useful paint: the admin console's first
\`.fleet-rows [role=row]\` at \`#/fleet?cluster=bench\` (its keys from the sandbox-style
\`/_sandbox/config\`, one request more than a deployed console makes); the self-service build's
onboarding wizard (\`form.wizard\` rendered visible) at \`#/onboarding\`, signed in as a Cognito guest.
Each is marked at the frame that paints it. Builds alternate within each run.
`,
  };
}

/** console / reference of the medians; a reference median of 0 is counted as 1 (stated). */
function ratio(consoleValue, referenceValue) {
  const floor = referenceValue === 0;
  return { value: consoleValue / (floor ? 1 : referenceValue), floor };
}

function renderSection(fleet, renderAt) {
  const f = fleet.find((x) => x.hosts === renderAt && x.render);
  if (!f) return { targets: [], text: '' };
  const { console: c, reference: r, agreement, reshapedRows } = f.render;
  const key = ratio(c.keyP95.median, r.keyP95.median);
  const dropped = ratio(c.dropped.median, r.dropped.median);
  const runs = c.keyP95.runs;
  const droppedNote = dropped.floor ? ' (the reference dropped none: ratio to 1 frame)' : '';
  return {
    targets: [
      [`${hostsText(renderAt)} rows: filter keystroke p95 ≤ ${KEYSTROKE_RATIO}× the reference (medians)`,
        `${c.keyP95.median.toFixed(1)} ms vs ${r.keyP95.median.toFixed(1)} ms: ${key.value.toFixed(2)}×`, verdict(key.value <= KEYSTROKE_RATIO)],
      [`${hostsText(renderAt)} rows: scroll dropped frames ≤ ${DROPPED_RATIO}× the reference (medians)`,
        `${c.dropped.median} vs ${r.dropped.median}: ${dropped.value.toFixed(2)}×${droppedNote}`, verdict(dropped.value <= DROPPED_RATIO)],
    ],
    text: `## 4. Rendering at ${hostsText(renderAt)} rows, next to a plain-JS table (${runsText(runs)} each)

${table(['min / median / max over runs', 'console', 'reference (plain JS, pooled rows)', 'console / reference (medians)'], [
    [`filter keystroke → next frame, p50 (${c.keystrokesPerRun} keys per run)`, ms(c.keyP50, 1), ms(r.keyP50, 1), times(c.keyP50.median, r.keyP50.median)],
    ['**filter keystroke → next frame, p95**', `**${ms(c.keyP95, 1)}**`, `**${ms(r.keyP95, 1)}**`, `**${key.value.toFixed(2)}×**`],
    ['filter keystroke → next frame, max', ms(c.keyMax, 1), ms(r.keyMax, 1), times(c.keyMax.median, r.keyMax.median)],
    ['scroll frame interval, p50', ms(c.frameP50, 1), ms(r.frameP50, 1), times(c.frameP50.median, r.frameP50.median)],
    ['scroll frame interval, p95', ms(c.frameP95, 1), ms(r.frameP95, 1), times(c.frameP95.median, r.frameP95.median)],
    [`**scroll: frames dropped** (${SCROLL_PASSES} passes)`, `**${count(c.dropped)}**`, `**${count(r.dropped)}**`, `**${dropped.value.toFixed(2)}×**${droppedNote}`],
    ['scroll: main thread CPU per frame', ms(c.cpuPerFrame, 2), ms(r.cpuPerFrame, 2), times(c.cpuPerFrame.median, r.cpuPerFrame.median)],
    ['frames to scroll top to bottom (one pass)', count(c.framesPerPass), count(r.framesPerPass), ''],
  ])}

Machine during these runs: ${loadRange(f.load)} (1-minute load average at each run's start).

How: in each ${hostsText(renderAt)}-host console run of section 2, once every host is shown (auto-refresh
off), and in a run of the reference page right after it. *Keystrokes*: Playwright types and erases
${SEARCHES.map((q) => `"${q}"`).join(', ')} in the search box (the input labelled "Search hosts"), one key at a time; a capture listener
takes the input event's \`timeStamp\` and the next requestAnimationFrame callback after the page's
handler and its microtasks ran. Console: ${c.keystrokesChangingDom} of ${c.keystrokesTotal} keystrokes changed the DOM before that
frame, ${c.lateUpdates} changed it only after; reference: ${r.keystrokesChangingDom} of ${r.keystrokesTotal}, ${r.lateUpdates} late. Both showed the same number
of hosts after ${agreement.same} of ${agreement.keystrokes} keystrokes${agreement.example ? ` (first difference: keystroke ${agreement.example[0] + 1}, console ${agreement.example[1]}, reference ${agreement.example[2]}; the reference searches the row's visible text)` : ''}.
*Scroll*: the table is scrolled one viewport per frame from top to bottom by requestAnimationFrame (a
fling: every frame shows only new rows), ${SCROLL_PASSES} times per run; frames dropped = Σ (round(interval / ${FRAME_MS.toFixed(1)} ms) − 1)
over the ${SCROLL_PASSES} passes, and the intervals' percentiles are over them too; the main thread's CPU
(Chromium's \`ThreadTime\` metric) over the passes, divided by the frames drawn, is what a frame costs the page. The last
host's row was ${c.reachedLastRow ? '' : '**not** '}rendered at the bottom in every console pass.

*The reference* (\`bench/reference/fleet-table/\`): plain JS, a fixed pool of row elements (one
viewport's worth plus one) updated in place — text nodes and attributes set only where they differ,
rows moved by their \`top\` — filtering a precomputed lowercase text per host, searching only the
previous matches when the query extends the previous one. Its markup and CSS are the console's, read
in this run (\`bench/lib/reference-table.mjs\`): the table without its rows, one row as the template,
every host's row values (scrolling the console's table through), its size, and the build's
stylesheets; so a change to the table's markup or CSS changes both sides. ${reshapedRows ? `${reshapedRows} rows had a shape other than the template's and are set as whole markup.` : 'Every row had the template\'s shape.'}
Headless Chromium, software rendering (--disable-gpu), 1280×800.
`,
  };
}

function memorySection(fleet, renderAt) {
  const f = fleet.find((x) => x.hosts === renderAt && x.memory);
  if (!f) return { targets: [], text: '' };
  const { console: c, reference: r } = f.memory;
  return {
    targets: [],
    text: `## 5. Memory with ${hostsText(renderAt)} hosts loaded (${runsText(c.jsHeapUsed.runs)} each)

${table(['min / median / max', 'console', 'reference (plain JS)'], [
    ['JS heap used, after a full GC', mib(c.jsHeapUsed), mib(r.jsHeapUsed)],
    ['wasm memory (linear memory size)', `**${mib(c.wasm)}**`, '—'],
    ['**JS heap + wasm memory**', `**${mib(c.total)}**`, mib(r.total)],
  ])}

How: once every host is shown, before the keystrokes: CDP \`HeapProfiler.collectGarbage\`, then
\`Runtime.getHeapUsage\` (used bytes of the page's JS heap); the wasm memory is the \`byteLength\` of
every \`WebAssembly.Memory\` the page's instances export (caught by wrapping
\`WebAssembly.instantiate\`/\`instantiateStreaming\` before the app runs): the linear memory as grown,
which never shrinks. The reference holds the rows' display values (what its table shows), not the
hosts' full records, so it is a floor, not a like-for-like figure.
`,
  };
}

function signingSection(s) {
  const rate = (x) => formatSpread(x, 0, 'req/s');
  return {
    targets: [],
    text: `## 6. Signing (${s.requests.toLocaleString('en-US')} requests, ${runsText(s.runs)} per signer)

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

export function render({
  machine, builds, missing, size, fleet, firstPaint, signing, latencyMs, renderAt, firstPaintHosts, minutes, quick,
}) {
  const sections = [
    sizeSection(size, missing),
    fleetSection(fleet, { latencyMs, cores: machine.cores }),
    firstPaintSection(firstPaint, { latencyMs, hosts: firstPaintHosts, missing }),
    renderSection(fleet, renderAt),
    memorySection(fleet, renderAt),
    signingSection(signing),
  ];
  const targets = sections.flatMap((s) => s.targets);
  return `# Benchmarks

Written by \`make bench\` (\`bench/run.mjs\`)${quick ? ' in --quick mode (single runs, small fleet)' : ''}: the console measured next to what
it is compared with, in one run. Every figure is min / median / max over the runs stated; every speed
goal is a ratio to a reference measured in the same run, since absolute times on this shared machine
swing with its load (recorded below and with each table).

| machine | |
| --- | --- |
| CPU | ${machine.cpu}, ${machine.cores} cores |
| memory | ${machine.memoryGiB} GiB |
| browser | ${machine.chromium}, headless; its own UI pages in each new context: ${machine.browserUiPages.length ? machine.browserUiPages.join(', ') : 'none (the omnibox popup\'s are switched off: `tests/e2e/harness.mjs`)'} |
| node | ${machine.node} |
| load average (1 min) at start / end | ${machine.load} / ${machine.loadAtEnd} |
| date | ${machine.date} (run took ${minutes.toFixed(1)} min) |
| console built from | app sources as of ${machine.appCommit} (run at ${machine.commit})${machine.uncommittedAppFiles ? ` with ${machine.uncommittedAppFiles} uncommitted app files` : ''} |
| builds measured | ${builds.map((b) => `${b.title} (\`${b.path}/\`)`).join(', ')}${missing.length ? `; missing: ${missing.map((b) => `${b.title} (\`${b.path}/\`)`).join(', ')}` : ''} |

## Targets

${table(['target', 'measured', ''], targets)}

${sections.map((s) => s.text).filter(Boolean).join('\n')}`;
}

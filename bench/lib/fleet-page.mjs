// What the bench reads from the console's Fleet page (#/fleet), in the page's own clock
// (performance.now(), whose zero is navigation start).
//
// The DOM it relies on: a table row is `.fleet-rows [role=row]`; a finished load shows
// `.load-status .loaded` reading "N hosts loaded, …"; the search box is `#fleet-search`; the
// virtualized table scrolls in `.fleet-table`; the last host's row has aria-rowindex N + 1.

/**
 * Installed before the app runs (page.addInitScript): a MutationObserver marks the first table row
 * and the finished load, each with the time of the frame that paints it; a capture listener
 * times each keystroke in the search box to the next animation frame.
 */
export function instrument(hosts) {
  // After the frame that follows a DOM change has painted: rAF runs before the frame's paint,
  // a task queued from it runs after.
  const afterPaint = (mark) => requestAnimationFrame(() => setTimeout(() => mark(performance.now())));
  const bench = {
    hosts,
    mutations: 0,
    keystrokes: [],
  };
  window.__fleetBench = bench;
  performance.setResourceTimingBufferSize(100_000);

  const observer = new MutationObserver(() => {
    bench.mutations += 1;
    if (bench.firstRowDomMs === undefined && document.querySelector('.fleet-rows [role=row]')) {
      bench.firstRowDomMs = performance.now();
      afterPaint((t) => { bench.firstRowMs = t; });
    }
    const status = bench.allRowsDomMs === undefined && document.querySelector('.load-status .loaded');
    if (status && status.textContent.startsWith(`${hosts} hosts loaded`)) {
      bench.allRowsDomMs = performance.now();
      afterPaint((t) => { bench.allRowsMs = t; });
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  // The capture listener runs before the app's own handler; the app updates the DOM in that
  // handler and its microtasks, so the next animation frame is the one that shows the result.
  document.addEventListener('input', (event) => {
    if (event.target.id !== 'fleet-search') return;
    const stroke = { start: event.timeStamp, mutationsBefore: bench.mutations };
    requestAnimationFrame(() => {
      stroke.frame = performance.now();
      stroke.changedDom = bench.mutations > stroke.mutationsBefore;
      stroke.mutationsAtFrame = bench.mutations;
      bench.keystrokes.push(stroke);
    });
  }, true);

  /** Resolves after `n` animation frames. */
  bench.frames = (n) => new Promise((done) => {
    const step = (left) => (left === 0 ? done() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

  /** Scrolls the table from top to bottom one viewport per frame; answers the frame intervals. */
  bench.scrollThrough = async () => {
    const table = document.querySelector('.fleet-table');
    table.scrollTop = 0;
    await bench.frames(3);
    const intervals = [];
    await new Promise((done) => {
      let last;
      const frame = (time) => {
        if (last !== undefined) intervals.push(time - last);
        last = time;
        if (table.scrollTop + table.clientHeight >= table.scrollHeight - 1) {
          done();
          return;
        }
        table.scrollTop += table.clientHeight;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await bench.frames(2);
    const last = document.querySelector(`.fleet-rows [role=row][aria-rowindex="${hosts + 1}"]`);
    return { intervals, reachedLastRow: last !== null };
  };

  /**
   * Where the AWS calls went in time: the first request's start and the last response's end
   * before all rows showed (responses to the sandbox's API root, not its /_sandbox/ control).
   */
  bench.awsTimes = (sandboxOrigin) => {
    const calls = performance.getEntriesByType('resource').filter((entry) => {
      const url = new URL(entry.name);
      return url.origin === sandboxOrigin && url.pathname === '/';
    });
    const before = calls.filter((entry) => entry.responseEnd <= bench.allRowsDomMs);
    return {
      calls: calls.length,
      firstRequestStart: Math.min(...calls.map((entry) => entry.startTime)),
      lastResponseEnd: Math.max(...before.map((entry) => entry.responseEnd)),
    };
  };
}

/**
 * Opens the Fleet page for `cluster` in a fresh context (cold cache) and waits until every host
 * is loaded. Answers the page and its marks.
 */
export async function loadFleetPage({ browser, siteUrl, sandbox, hosts, cluster, timeoutMs }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument, hosts);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /panicked|RuntimeError/.test(msg.text())) errors.push(msg.text());
  });
  await sandbox.control('counters/reset', {});
  await page.goto(`${siteUrl}index.html#/fleet?cluster=${cluster}`);
  await page.waitForFunction(() => window.__fleetBench.allRowsMs !== undefined, null, { timeout: timeoutMs });
  const counters = await sandbox.control('counters');
  // A refresh would add a second load's requests and redraw the table under the measurements.
  const autoRefresh = page.getByLabel('Auto-refresh every 30 s');
  if (await autoRefresh.count()) await autoRefresh.uncheck();
  const marks = await page.evaluate((origin) => {
    const bench = window.__fleetBench;
    return { firstRowMs: bench.firstRowMs, allRowsMs: bench.allRowsMs, aws: bench.awsTimes(origin) };
  }, new URL(sandbox.url).origin);
  const shown = await page.locator('.shown-count').textContent();
  if (!shown.startsWith(`${hosts} of ${hosts}`)) throw new Error(`the Fleet page shows "${shown}" after loading ${hosts} hosts`);
  return { context, page, errors, counters, marks };
}

/** Keys typed into the search box: narrowing and widening searches, each key one measurement. */
export const SEARCHES = ['bench-0123', '4999', 'r17', 'ubuntu'];

/** Per-keystroke filter latency and scroll frame intervals on a loaded Fleet page. */
export async function measureRendering(page) {
  const search = page.locator('#fleet-search');
  await search.click();
  let expected = 0;
  const press = async (key) => {
    await page.keyboard.press(key);
    expected += 1;
    await page.waitForFunction((n) => window.__fleetBench.keystrokes.length >= n, expected);
    // Two more frames: a DOM change the app deferred past the measured frame shows up as late.
    await page.evaluate(() => window.__fleetBench.frames(2));
  };
  for (const text of SEARCHES) {
    for (const char of text) await press(char);
    for (let i = 0; i < text.length; i += 1) await press('Backspace');
  }
  const keystrokes = await page.evaluate(() => {
    const { keystrokes, mutations } = window.__fleetBench;
    return keystrokes.map((stroke, i) => ({
      latencyMs: stroke.frame - stroke.start,
      changedDom: stroke.changedDom,
      // Mutations after the measured frame and before the next key: the update came late.
      late: (keystrokes[i + 1]?.mutationsBefore ?? mutations) > stroke.mutationsAtFrame,
    }));
  });
  const scroll = await page.evaluate(() => window.__fleetBench.scrollThrough());
  return { keystrokes, scroll };
}

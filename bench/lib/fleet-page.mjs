// What the bench reads from a page, in the page's own clock (performance.now(), whose zero is
// navigation start). The same instrument runs in the console and in the reference table page, so
// both pay for it alike.
//
// The DOM it relies on, kept to what the table's rebuilder keeps stable: a table row is
// `.fleet-rows [role=row]` (the last host's has aria-rowindex N + 1); `.shown-count` reads
// "S of N hosts"; the search box is the input labelled SEARCH_LABEL; the table scrolls in the
// nearest scrollable ancestor of `.fleet-rows`.
import { startCpuMeter } from './cpu.mjs';

export const ROW = '.fleet-rows [role=row]';
export const SEARCH_LABEL = 'Search hosts';

/**
 * Installed before the page's scripts run (context.addInitScript). After a DOM change it marks the
 * first paint of `paintSelector` (rendered visible) and, with `hosts`, the frame whose
 * `.shown-count` says all of them are shown, each at the frame that paints it; a capture listener
 * times each keystroke in the search box to the next animation frame; wasm memories are kept for
 * measuring.
 */
export function instrument({ hosts, paintSelector, searchLabel }) {
  // Called from an animation frame callback, which runs before its frame's style, layout and
  // paint: marks the end of that frame. A task queued from the callback runs after the paint; it
  // is queued at user-blocking priority so that it runs first, not behind the page's own timers
  // set for after the paint (the console counts its facets then), whose work is not the paint's.
  const afterThisFrame = (mark) => {
    const run = () => mark(performance.now());
    if (window.scheduler?.postTask) window.scheduler.postTask(run, { priority: 'user-blocking' });
    else setTimeout(run);
  };
  const bench = { hosts, mutations: 0, keystrokes: [], wasmMemories: [] };
  window.__bench = bench;
  performance.setResourceTimingBufferSize(100_000);

  // wasm-bindgen instantiates through one of these; its exported memory is the wasm heap.
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function instantiate(...args) {
      const result = await original.apply(this, args);
      const instance = result.instance ?? result;
      for (const value of Object.values(instance.exports ?? {})) {
        if (value instanceof WebAssembly.Memory) bench.wasmMemories.push(value);
      }
      return result;
    };
  }

  const shownCount = () => {
    const text = document.querySelector('.shown-count')?.textContent ?? '';
    const match = text.replace(/[,\u202f\u00a0]/g, '').match(/(\d+)\s+of\s+(\d+)/);
    return match ? { shown: Number(match[1]), of: Number(match[2]) } : undefined;
  };
  bench.shownCount = shownCount;

  // Whether the marked elements show is checked once per frame that follows a DOM change, in
  // that frame's animation callback: the frame computes style and layout right after it anyway,
  // so `checkVisibility` adds no layout of its own, as it did when it ran on every batch of
  // changes, in the middle of the page's work.
  let checkScheduled = false;
  const checkMarks = () => {
    checkScheduled = false;
    if (bench.paintDomMs === undefined) {
      const element = document.querySelector(paintSelector);
      if (element && element.checkVisibility()) {
        bench.paintDomMs = performance.now();
        afterThisFrame((t) => { bench.paintMs = t; });
      }
    }
    // The first row with its SSM columns filled in: the console shows its first rows before their
    // SSM records, those columns marked with anywhere_core::fleet::columns::PENDING_TEXT.
    if (bench.paintDomMs !== undefined && bench.joinedDomMs === undefined) {
      const element = document.querySelector(paintSelector);
      if (element && !element.textContent.includes('\u2026')) {
        bench.joinedDomMs = performance.now();
        afterThisFrame((t) => { bench.joinedMs = t; });
      }
    }
    if (hosts !== undefined && bench.allRowsDomMs === undefined) {
      const count = shownCount();
      if (count && count.shown === hosts && count.of === hosts) {
        bench.allRowsDomMs = performance.now();
        afterThisFrame((t) => { bench.allRowsMs = t; });
      }
    }
  };
  const observer = new MutationObserver(() => {
    bench.mutations += 1;
    const waiting = bench.paintDomMs === undefined || bench.joinedDomMs === undefined
      || (hosts !== undefined && bench.allRowsDomMs === undefined);
    if (waiting && !checkScheduled) {
      checkScheduled = true;
      requestAnimationFrame(checkMarks);
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  const isSearchBox = (element) => element instanceof HTMLInputElement
    && (element.getAttribute('aria-label') === searchLabel
      || [...(element.labels ?? [])].some((label) => label.textContent.trim() === searchLabel));

  // The capture listener runs before the page's own handler; the page updates the DOM in that
  // handler and its microtasks, so the next animation frame is the one that shows the result.
  document.addEventListener('input', (event) => {
    if (!isSearchBox(event.target)) return;
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

  bench.scroller = () => {
    for (let element = document.querySelector('.fleet-rows'); element; element = element.parentElement) {
      const { overflowY } = getComputedStyle(element);
      if ((overflowY === 'auto' || overflowY === 'scroll') && element.scrollHeight > element.clientHeight) return element;
    }
    throw new Error('no scrollable ancestor of .fleet-rows');
  };

  /** Scrolls the table from top to bottom one viewport per frame; answers the frame intervals. */
  bench.scrollThrough = async () => {
    const table = bench.scroller();
    table.scrollTop = 0;
    await bench.frames(3);
    const intervals = [];
    await new Promise((done) => {
      let last;
      const frame = (time) => {
        if (last !== undefined) intervals.push(time - last);
        last = time;
        bench.progress = `scrolled to ${table.scrollTop} of ${table.scrollHeight - table.clientHeight} px in ${intervals.length} frames`;
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
   * before all rows showed (calls to the API's root, not its /_sandbox/ configuration).
   */
  bench.awsTimes = (apiOrigin) => {
    const calls = performance.getEntriesByType('resource').filter((entry) => {
      const url = new URL(entry.name);
      return url.origin === apiOrigin && url.pathname === '/';
    });
    const before = calls.filter((entry) => entry.responseEnd <= (bench.allRowsDomMs ?? Infinity));
    return {
      calls: calls.length,
      firstRequestStart: Math.min(...calls.map((entry) => entry.startTime)),
      lastResponseEnd: Math.max(...before.map((entry) => entry.responseEnd)),
    };
  };
}

/** A fresh context (cold cache) and page with the instrument installed and errors collected. */
export async function instrumentedPage(browser, marks) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument, { searchLabel: SEARCH_LABEL, ...marks });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /panicked|RuntimeError/.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

/**
 * Waits for the first useful paint of `build` (bench/lib/builds.mjs); a timeout names the selector,
 * since a page whose markup changed is the likeliest cause.
 */
export async function waitForPaint(page, build, timeoutMs) {
  try {
    await page.waitForFunction(() => window.__bench.paintMs !== undefined, null, { timeout: timeoutMs });
  } catch (error) {
    const shown = await page.evaluate(() => document.body?.innerText.slice(0, 300)).catch(() => '');
    throw new Error(`the ${build.title}'s first useful paint (\`${build.paint.selector}\` rendered visible) did not come in ${timeoutMs / 1000} s; `
      + `if the page's markup changed, update bench/lib/builds.mjs. The page showed: ${JSON.stringify(shown)} (${error.message.split('\n')[0]})`);
  }
}

/** Waits until `.shown-count` says every host is shown, then turns the console's auto-refresh off. */
export async function waitForAllRows(page, timeoutMs) {
  await page.waitForFunction(() => window.__bench.allRowsMs !== undefined, null, { timeout: timeoutMs });
  // A refresh would redraw the table under the measurements.
  const autoRefresh = page.getByLabel('Auto-refresh every 30 s');
  if (await autoRefresh.count()) await autoRefresh.uncheck();
}

/** Scrolls through the table from top to bottom per rendering measurement. */
export const SCROLL_PASSES = 3;

/** Keys typed into the search box: narrowing and widening searches, each key one measurement. */
export const SEARCHES = ['bench-0123', '4999', 'r17', 'ubuntu'];

/** A page stopped getting animation frames (headless Chromium does that to one page at times). */
export class FramesStopped extends Error {}

/** A scroll whose progress (`bench.progress`, one update a frame) stands still this long has stopped. */
const STALL_MS = 10_000;

/**
 * `page.evaluate(fn, arg)` for a function that waits on animation frames, given up after
 * `timeoutMs`, or after STALL_MS without a change of `bench.progress` when the function reports
 * it: Playwright's evaluate has no timeout, and a page whose frames stop (a hidden page gets none)
 * would hold the whole bench. The error says whether the page was visible and how far it got.
 */
async function evaluateOverFrames(page, what, timeoutMs, fn, arg) {
  const state = () => page.evaluate(() => [document.visibilityState, window.__bench.progress].filter(Boolean).join('; '))
    .catch((error) => error.message);
  const progress = () => page.evaluate(() => window.__bench.progress).catch(() => undefined);
  let timer;
  let stallCheck;
  let settled = false;
  const late = new Promise((_, fail) => {
    timer = setTimeout(async () => {
      fail(new FramesStopped(`${what} waited ${timeoutMs / 1000} s for animation frames that did not come (the page's visibility: ${await state()})`));
    }, timeoutMs);
  });
  const stalled = progress().then((initial) => new Promise((_, fail) => {
    if (settled) return;
    let last = initial;
    stallCheck = setInterval(async () => {
      const now = await progress();
      if (!settled && now !== undefined && now === last) {
        fail(new FramesStopped(`${what} got no animation frame in ${STALL_MS / 1000} s (the page's visibility: ${await state()})`));
      }
      last = now;
    }, STALL_MS);
  }));
  try {
    return await Promise.race([page.evaluate(fn, arg), late, stalled]);
  } finally {
    settled = true;
    clearTimeout(timer);
    clearInterval(stallCheck);
  }
}

/** Per-keystroke filter latency and scroll frame intervals on a page showing every host. */
export async function measureRendering(page) {
  const search = page.getByLabel(SEARCH_LABEL, { exact: true });
  await search.click();
  let expected = 0;
  const settled = [];
  const press = async (key) => {
    await page.keyboard.press(key);
    expected += 1;
    await page.waitForFunction((n) => window.__bench.keystrokes.length >= n, expected);
    // Two more frames: a DOM change the page deferred past the measured frame shows up as late;
    // the hosts shown then are the keystroke's result.
    settled.push(await evaluateOverFrames(page, `the frames after key ${expected}`, 30_000, async () => {
      await window.__bench.frames(2);
      return window.__bench.shownCount()?.shown;
    }));
  };
  for (const text of SEARCHES) {
    for (const char of text) await press(char);
    for (let i = 0; i < text.length; i += 1) await press('Backspace');
  }
  const keystrokes = await page.evaluate((shown) => {
    const { keystrokes, mutations } = window.__bench;
    return keystrokes.map((stroke, i) => ({
      latencyMs: stroke.frame - stroke.start,
      changedDom: stroke.changedDom,
      shown: shown[i],
      // Mutations after the measured frame and before the next key: the update came late.
      late: (keystrokes[i + 1]?.mutationsBefore ?? mutations) > stroke.mutationsAtFrame,
    }));
  }, settled);
  // A fling over 10,000 rows is ~540 frames: 9 s at 60 frames a second, a few times that on a
  // loaded machine. A pass drops a few dozen frames or fewer, so one pass's count is mostly the
  // machine's noise: the passes' intervals are counted together.
  // The main thread's CPU over the passes, per frame drawn: the work a frame costs the page, which
  // the machine's load inflates less than the dropped frames it causes.
  const cpuMeter = await startCpuMeter(page.context(), page);
  const passes = [];
  for (let pass = 1; pass <= SCROLL_PASSES; pass += 1) {
    passes.push(await evaluateOverFrames(page, `scroll ${pass} through the table`, 180_000, () => window.__bench.scrollThrough()));
  }
  const { mainThreadCpuMs } = await cpuMeter.stop();
  const intervals = passes.flatMap((p) => p.intervals);
  const scroll = {
    intervals,
    framesPerPass: passes[0].intervals.length,
    cpuPerFrameMs: mainThreadCpuMs / intervals.length,
    reachedLastRow: passes.every((p) => p.reachedLastRow),
  };
  return { keystrokes, scroll };
}

/** JS heap after a full garbage collection (Chromium's CDP) and the wasm memories' size, in bytes. */
export async function measureMemory(context, page) {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    const wasmBytes = await page.evaluate(() => window.__bench.wasmMemories.reduce((sum, m) => sum + m.buffer.byteLength, 0));
    return { jsHeapUsed: usedSize, jsHeapTotal: totalSize, wasm: wasmBytes };
  } finally {
    await cdp.detach();
  }
}

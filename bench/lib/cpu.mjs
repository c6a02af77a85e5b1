// Where a console run's CPU went: the page's main thread (Chromium's Performance metrics: time in
// tasks, and of it time on a CPU), the renderer process, how long the renderers' main threads
// waited for a core (the kernel's run-queue wait, Linux /proc/<pid>/schedstat), and how many of the
// machine's cores were busy meanwhile (Linux /proc/stat, every process). A main thread that waits
// for a core about as long as it runs, on a machine whose cores are all busy, is held up by the
// processor, not by the network.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Busy and total ticks of all cores since boot. */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // idle and iowait
  const idle = fields[3] + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/**
 * Nanoseconds on a CPU and waiting in the run queue of each Chromium renderer's main thread, by
 * pid. A renderer's main thread is its first thread, whose statistics are /proc/<pid>/schedstat.
 */
function rendererMainThreads() {
  const threads = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      threads.set(pid, { run, wait });
    } catch {
      // The process ended while being read.
    }
  }
  return threads;
}

/** On a CPU and waiting for one since `before`, in ms, summed over the threads; new ones from zero. */
function scheduledSince(before, after) {
  let runNs = 0;
  let waitNs = 0;
  for (const [pid, { run, wait }] of after) {
    runNs += run - (before.get(pid)?.run ?? 0);
    waitNs += wait - (before.get(pid)?.wait ?? 0);
  }
  return { runMs: runNs / 1e6, waitMs: waitNs / 1e6 };
}

/**
 * Starts counting the page's CPU (before its navigation); `stop()` returns what was spent since,
 * in ms, and the machine's busy cores over the same span.
 */
export async function startCpuMeter(context, page) {
  const cdp = await context.newCDPSession(page);
  // Durations in wall time; ThreadTime and ProcessTime are CPU time whatever the domain.
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const metrics = async () => Object.fromEntries(
    (await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
  const before = await metrics();
  const threads = rendererMainThreads();
  const ticks = machineTicks();
  return {
    async stop() {
      const after = await metrics();
      const now = machineTicks();
      const scheduled = scheduledSince(threads, rendererMainThreads());
      await cdp.detach();
      const ms = (name) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
      return {
        mainThreadTasksMs: ms('TaskDuration'),
        mainThreadCpuMs: ms('ThreadTime'),
        rendererCpuMs: ms('ProcessTime'),
        renderersRunMs: scheduled.runMs,
        renderersWaitMs: scheduled.waitMs,
        busyCores: ((now.busy - ticks.busy) / Math.max(1, now.total - ticks.total)) * cpus().length,
      };
    },
  };
}

// Where a console run's CPU went: the page's main thread (Chromium's Performance metrics: time in
// tasks, and of it time on a CPU), the renderer process, and how many of the machine's cores were
// busy meanwhile (Linux /proc/stat, every process). A main thread whose tasks take much longer than
// their CPU time, on a machine whose cores are all busy, waits for a core, not for the network.
import { readFileSync } from 'node:fs';
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
  const ticks = machineTicks();
  return {
    async stop() {
      const after = await metrics();
      const now = machineTicks();
      await cdp.detach();
      const ms = (name) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
      return {
        mainThreadTasksMs: ms('TaskDuration'),
        mainThreadCpuMs: ms('ThreadTime'),
        rendererCpuMs: ms('ProcessTime'),
        busyCores: ((now.busy - ticks.busy) / Math.max(1, now.total - ticks.total)) * cpus().length,
      };
    },
  };
}

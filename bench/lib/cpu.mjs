// Where a console run's CPU went: the page's main thread (Chromium's Performance metrics: time in
// tasks, and of it time on a CPU), the renderer process, how long the renderers' main threads
// waited for a core (the kernel's run-queue wait, Linux /proc/<pid>/schedstat), and how many of the
// machine's cores were busy meanwhile (Linux /proc/stat, every process). A main thread that waits
// for a core about as long as it runs, on a machine whose cores are all busy, is held up by the
// processor, not by the network. And the CPU of every process of a run, grouped (Chromium's by
// type, the replay server, the bench itself): what else the page's load shares the cores with.
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

// Clock ticks per second of /proc/<pid>/stat's utime and stime: USER_HZ, 100 on every Linux
// architecture this runs on (sysconf(_SC_CLK_TCK) is not reachable from node).
const TICKS_PER_SECOND = 100;

/** What a process is to a run: one of PROCESS_GROUPS' names, or undefined for anything else. */
function processGroup(pid, cmdline) {
  if (pid === process.pid) return 'bench driver';
  if (cmdline.includes('replay-server.mjs')) return 'replay server';
  if (!/chrom(e|ium)/.test(cmdline.split('\0')[0])) return undefined;
  if (cmdline.includes('--type=renderer')) return 'renderers';
  if (cmdline.includes('--type=gpu-process')) return 'GPU';
  if (cmdline.includes('NetworkService')) return 'network service';
  if (cmdline.includes('--type=')) return 'other Chromium';
  return 'browser';
}

/** The groups of `processGroup`, in the order a report lists them. */
export const PROCESS_GROUPS = ['renderers', 'browser', 'GPU', 'network service', 'other Chromium', 'replay server', 'bench driver'];
/** `PROCESS_GROUPS` and the rest of the machine's busy time, as `stop()` reports them. */
export const CPU_GROUPS = [...PROCESS_GROUPS, 'everything else'];

/** CPU ticks (user + system) of every process `processGroup` knows, by pid. */
function processTicks() {
  const ticks = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const group = processGroup(Number(pid), readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      if (!group) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces: state is
      // field 3, utime and stime fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, { group, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while being read.
    }
  }
  return ticks;
}

/** CPU ms by group since `before`; a process started meanwhile counts from its start. */
function cpuByGroupSince(before, after) {
  const byGroup = Object.fromEntries(PROCESS_GROUPS.map((group) => [group, 0]));
  for (const [pid, { group, ticks }] of after) {
    byGroup[group] += ((ticks - (before.get(pid)?.ticks ?? 0)) * 1000) / TICKS_PER_SECOND;
  }
  return byGroup;
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
 * Starts counting the machine's CPU: `stop()` returns, since then, the CPU ms of each process
 * group (`PROCESS_GROUPS`; `everything else` is the rest of the machine's busy time) and the
 * machine's busy cores.
 */
export function startMachineMeter() {
  const ticks = machineTicks();
  const processes = processTicks();
  const startedAt = performance.now();
  return {
    stop() {
      const now = machineTicks();
      const cpuByProcess = cpuByGroupSince(processes, processTicks());
      const busyCores = ((now.busy - ticks.busy) / Math.max(1, now.total - ticks.total)) * cpus().length;
      const grouped = Object.values(cpuByProcess).reduce((sum, value) => sum + value, 0);
      cpuByProcess['everything else'] = Math.max(0, busyCores * (performance.now() - startedAt) - grouped);
      return { cpuByProcess, busyCores };
    },
  };
}

/**
 * Starts counting the page's CPU (before its navigation); `stop()` returns what was spent since,
 * in ms, and the machine's (`startMachineMeter`) over the same span.
 */
export async function startCpuMeter(context, page) {
  const cdp = await context.newCDPSession(page);
  // Durations in wall time; ThreadTime and ProcessTime are CPU time whatever the domain.
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const metrics = async () => Object.fromEntries(
    (await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
  const before = await metrics();
  const threads = rendererMainThreads();
  const machine = startMachineMeter();
  return {
    async stop() {
      const after = await metrics();
      const { cpuByProcess, busyCores } = machine.stop();
      const scheduled = scheduledSince(threads, rendererMainThreads());
      await cdp.detach();
      const ms = (name) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
      return {
        mainThreadTasksMs: ms('TaskDuration'),
        mainThreadCpuMs: ms('ThreadTime'),
        rendererCpuMs: ms('ProcessTime'),
        renderersRunMs: scheduled.runMs,
        renderersWaitMs: scheduled.waitMs,
        cpuByProcess,
        busyCores,
      };
    },
  };
}

// Starting bench/lib/replay-server.mjs (in its own process) and talking to it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SERVER = join(import.meta.dirname, 'replay-server.mjs');

async function start(args) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((done) => child.once('exit', (code) => done(code)));
  const firstLine = new Promise((done) => createInterface({ input: child.stdout }).once('line', done));
  const line = await Promise.race([firstLine, exited.then((code) => { throw new Error(`replay server exited (${code}) before listening`); })]);
  const { url } = JSON.parse(line);
  const call = async (path, body) => {
    const res = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`replay server ${path}: HTTP ${res.status}`);
    return res.json();
  };
  return {
    url,
    call,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A recording proxy in front of `upstream`; `save(file)` writes what went through it. */
export async function startRecorder(upstream) {
  const server = await start(['record', upstream]);
  return {
    url: server.url,
    stop: server.stop,
    /** Writes the recording; refuses one holding an error answer (it would be replayed as one). */
    save: async (file) => {
      const recording = await server.call('/_replay/recording');
      const failed = Object.entries(recording.answers).filter(([, answer]) => answer.status >= 400);
      if (failed.length) {
        throw new Error(`the sandbox answered ${failed.length} recorded requests with an error, e.g. ${failed[0][0].slice(0, 200)}: HTTP ${failed[0][1].status} ${failed[0][1].body.slice(0, 300)}`);
      }
      writeFileSync(file, JSON.stringify(recording));
      return Object.keys(recording.answers).length;
    },
  };
}

/**
 * The recording in `file` served with `latencyMs` per answer. `counters()` answers the requests
 * served per X-Amz-Target and the misses (requests the recording lacks).
 */
export async function startReplay(file, latencyMs) {
  const server = await start(['replay', file, String(latencyMs)]);
  return {
    url: server.url,
    stop: server.stop,
    counters: () => server.call('/_replay/counters'),
    resetCounters: () => server.call('/_replay/counters/reset', {}),
    setLatency: (ms) => server.call('/_replay/latency', { latencyMs: ms }),
  };
}

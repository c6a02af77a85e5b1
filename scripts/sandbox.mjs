// Starts and stops the local sandbox (moto behind our front) for `make run` and the tests.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './static-server.mjs';

/**
 * Starts the local sandbox on a free loopback port and waits for its port file (a condition, not a
 * sleep). `seed` is `demo`, `none` or `hosts:N`.
 */
export async function startSandbox({ seed = 'demo', timeoutMs = 180_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'anywhere-sandbox-'));
  const portFile = join(dir, 'port');
  const logPath = join(dir, 'sandbox.log');
  const logFd = openSync(logPath, 'w');
  const child = spawn(
    join(REPO, 'sandbox', '.venv', 'bin', 'python'),
    ['-m', 'anywhere_sandbox', '--port', '0', '--seed', seed, '--port-file', portFile],
    // The log goes to a file, not a pipe: a pipe fills up whenever node is busy (a synchronous
    // child process, a long computation) and the sandbox then blocks writing its request log.
    { cwd: join(REPO, 'sandbox'), detached: true, stdio: ['ignore', 'ignore', logFd] },
  );
  closeSync(logFd);
  const stderr = () => readFileSync(logPath, 'utf8');
  const exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').trim() === '') {
    const code = await Promise.race([exited, new Promise((ok) => setTimeout(() => ok(undefined), 50))]);
    if (code !== undefined) throw new Error(`sandbox exited (${code}) before it was ready:\n${stderr()}`);
    if (Date.now() > deadline) throw new Error(`sandbox not ready after ${timeoutMs} ms:\n${stderr()}`);
  }
  const url = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
  const control = async (path, body) => {
    const res = await fetch(`${url}/_sandbox/${path}`, body === undefined ? {} : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url,
    control,
    stop: () => {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

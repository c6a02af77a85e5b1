// Running the build tools the bench needs, with their output on stderr so the table stays readable.
import { spawnSync } from 'node:child_process';
import { REPO } from '../../scripts/static-server.mjs';

export { REPO };

/** Runs `command` from the repository root; throws with its name when it fails. */
export function run(command, args, { cwd = REPO, env = {} } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

/** Runs `command` and answers its standard output. */
export function output(command, args, { cwd = REPO, stderr = process.stderr } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', stderr] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  return result.stdout;
}

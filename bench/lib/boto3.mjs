// The sequential client: bench/fleet_boto3.py, run with the sandbox venv's Python.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLUSTER } from './builds.mjs';
import { REPO } from './build.mjs';

// Asynchronous on purpose: node keeps serving (and draining pipes) while the script runs.
const execFileAsync = promisify(execFile);

/** One load of `hosts` hosts from the server at `url` (a sandbox or the replay server). */
export async function boto3Load(url, hosts) {
  const { stdout } = await execFileAsync(join(REPO, 'sandbox', '.venv', 'bin', 'python'),
    [join(REPO, 'bench', 'fleet_boto3.py'), url, CLUSTER], { encoding: 'utf8' });
  const result = JSON.parse(stdout);
  if (result.hosts !== hosts) throw new Error(`boto3 joined ${result.hosts} of ${hosts} hosts`);
  return result;
}

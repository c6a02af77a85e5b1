// The machine a run was measured on.
import { cpus, loadavg, totalmem } from 'node:os';
import { output } from './build.mjs';

const APP_FILES = ['src', 'crates', 'style', 'public', 'index.html', 'Trunk.toml', 'Cargo.toml', 'Cargo.lock'];

export function describeMachine() {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    // Debian's wrapper script complains on stderr about its own checks; the version is on stdout.
    chromium: output('/usr/bin/chromium', ['--version'], { stderr: 'ignore' }).trim(),
    node: process.version,
    // Whatever else runs on the machine competes with the browser and the sandbox for the cores.
    load: loadavg()[0].toFixed(1),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: output('git', ['rev-parse', '--short', 'HEAD']).trim(),
    // What the builds are made of: the last commit that changed the app, which stays the same
    // when commits outside it (the bench's own) are rebased.
    appCommit: output('git', ['log', '-1', '--format=%h %cs', '--', ...APP_FILES]).trim(),
    // The build is of the work tree: say when it differs from the commit.
    uncommittedAppFiles: output('git', ['status', '--porcelain', '--', ...APP_FILES])
      .split('\n').filter(Boolean).length,
  };
}

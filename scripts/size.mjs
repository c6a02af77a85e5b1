// Prints raw, gzip and brotli bytes of every file of each build given, and its initial transfer
// (what a first visit downloads: the html and everything it references). Node's zlib has brotli
// built in. A build directory without index.html is reported as missing, with how to make it.
//
//   node scripts/size.mjs [NAME=]DIR ...      (default: dist)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function measure(root, path) {
  const raw = readFileSync(path);
  return {
    file: relative(root, path),
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }).length,
  };
}

/**
 * Of the build in `root`: every file `{file, raw, gzip, brotli, initial}` (`initial`: part of the
 * first visit) and the initial transfer's sums `{raw, gzip, brotli}`.
 */
export function measureBuild(root) {
  const rows = files(root).sort().map((path) => measure(root, path));
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  for (const r of rows) r.initial = r.file === 'index.html' || html.includes(r.file);
  const initial = rows.filter((r) => r.initial);
  const sum = (key) => initial.reduce((total, r) => total + r[key], 0);
  return { files: rows, initial: { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') } };
}

/** The directory holds a build (its index.html). */
export const isBuild = (root) => existsSync(join(root, 'index.html'));

function print(name, root) {
  const pad = (v, n) => String(v).padStart(n);
  console.log(`== ${name} (${root})`);
  if (!isBuild(root)) {
    console.log(`missing: ${root}/index.html does not exist (build it with \`make ${root.replace(/\/$/, '')}\`)\n`);
    return;
  }
  const { files: rows, initial } = measureBuild(root);
  console.log(`${'file'.padEnd(48)} ${pad('raw', 10)} ${pad('gzip', 10)} ${pad('brotli', 10)}`);
  for (const r of rows) {
    console.log(`${r.file.padEnd(48)} ${pad(r.raw, 10)} ${pad(r.gzip, 10)} ${pad(r.brotli, 10)}`);
  }
  console.log(`${'initial transfer'.padEnd(48)} ${pad(initial.raw, 10)} ${pad(initial.gzip, 10)} ${pad(initial.brotli, 10)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const builds = process.argv.slice(2);
  for (const spec of builds.length ? builds : ['dist']) {
    const [name, root] = spec.includes('=') ? spec.split('=') : [spec, spec];
    print(name, root);
  }
}

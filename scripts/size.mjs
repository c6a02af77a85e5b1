// Prints raw, gzip and brotli bytes of every file of a build and the initial transfer (what a first
// visit downloads: the html and everything it references). Node's zlib has brotli built in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = process.argv[2] ?? 'dist';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

export function measure(path) {
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

const rows = files(root).sort().map(measure);
const html = readFileSync(join(root, 'index.html'), 'utf8');
const initial = rows.filter((r) => r.file === 'index.html' || html.includes(r.file));
const sum = (list, key) => list.reduce((total, r) => total + r[key], 0);
const pad = (v, n) => String(v).padStart(n);

console.log(`${'file'.padEnd(48)} ${pad('raw', 10)} ${pad('gzip', 10)} ${pad('brotli', 10)}`);
for (const r of rows) {
  console.log(`${r.file.padEnd(48)} ${pad(r.raw, 10)} ${pad(r.gzip, 10)} ${pad(r.brotli, 10)}`);
}
console.log(
  `${'initial transfer'.padEnd(48)} ${pad(sum(initial, 'raw'), 10)} ${pad(sum(initial, 'gzip'), 10)} ${pad(sum(initial, 'brotli'), 10)}`,
);

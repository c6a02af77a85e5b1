// Section 1: bytes of the console's initial transfer next to aws-sdk-js v3's ECS and SSM clients,
// both measured by scripts/size.mjs (raw, gzip -9, brotli 11).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { REPO, output } from './build.mjs';

/** scripts/size.mjs's rows for the build in `dir`: `{files: [{file, raw, gzip, brotli}], initial}`. */
function sizeOf(dir) {
  const lines = output('node', [join(REPO, 'scripts', 'size.mjs'), dir]).trim().split('\n').slice(1);
  const parse = (line) => {
    const fields = line.trim().split(/\s+/);
    const [raw, gzip, brotli] = fields.slice(-3).map(Number);
    return { file: fields.slice(0, -3).join(' '), raw, gzip, brotli };
  };
  const rows = lines.map(parse);
  const initial = rows.pop();
  if (initial.file !== 'initial transfer') throw new Error('scripts/size.mjs printed no initial transfer line');
  return { files: rows, initial };
}

/** The console's initial transfer, by kind of file (html, js, wasm, css). */
function consoleSize(dist) {
  const { files, initial } = sizeOf(dist);
  const html = files.find((r) => r.file === 'index.html');
  const kinds = { html: [html], js: [], wasm: [], css: [] };
  for (const row of files) {
    const kind = extname(row.file).slice(1);
    if (row.file !== 'index.html' && kind in kinds) kinds[kind].push(row);
  }
  return { initial, kinds };
}

const ENTRY = join(REPO, 'bench', 'reference', 'sdk-entry.mjs');

/** How many commands the entry takes from each client package. */
function commandsOf(entry) {
  const count = (pkg) => {
    const block = entry.match(new RegExp(`export \\{([^}]*)\\} from '@aws-sdk/${pkg}'`));
    return block ? (block[1].match(/\w+Command\b/g) ?? []).length : 0;
  };
  return { ecs: count('client-ecs'), ssm: count('client-ssm') };
}

/** The reference: an entry importing the ECS and SSM clients and the commands the console uses. */
async function referenceSize() {
  const dir = join(REPO, 'target', 'bench', 'reference');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [ENTRY],
    outfile: join(dir, 'sdk.js'),
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'warning',
  });
  // size.mjs measures what an index.html references; the page holds nothing but the bundle.
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="sdk.js"></script>\n');
  const row = sizeOf(dir).files.find((r) => r.file === 'sdk.js');
  return { ...row, commands: commandsOf(readFileSync(ENTRY, 'utf8')) };
}

/** `{console: {initial, kinds}, reference: {file, raw, gzip, brotli}}`. */
export async function measureSize(dist) {
  return { console: consoleSize(dist), reference: await referenceSize() };
}

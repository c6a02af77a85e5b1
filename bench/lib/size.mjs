// Section 1: bytes of the console's initial transfer next to aws-sdk-js v3's ECS and SSM clients,
// both measured by scripts/size.mjs (raw, gzip -9, brotli 11).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { measureBuild } from '../../scripts/size.mjs';
import { REPO } from './build.mjs';

/** A build's first visit by kind of file (html, js, wasm, css), and the bytes fetched only later. */
function buildSize(dir) {
  const { files, initial } = measureBuild(dir);
  const kinds = { html: [], js: [], wasm: [], css: [], other: [] };
  for (const row of files.filter((r) => r.initial)) {
    const kind = extname(row.file).slice(1);
    kinds[kind in kinds ? kind : 'other'].push(row);
  }
  const later = files.filter((r) => !r.initial);
  return { initial, kinds, later };
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
  const row = measureBuild(dir).files.find((r) => r.file === 'sdk.js');
  return { ...row, commands: commandsOf(readFileSync(ENTRY, 'utf8')) };
}

/** `{builds: [{name, title, path, budgetKiB, initial, kinds, later}], reference: {file, raw, gzip, brotli, commands}}`. */
export async function measureSize(builds) {
  return {
    builds: builds.map((b) => ({ name: b.name, title: b.title, path: b.path, budgetKiB: b.budgetKiB, ...buildSize(b.dir) })),
    reference: await referenceSize(),
  };
}

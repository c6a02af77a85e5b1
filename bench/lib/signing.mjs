// Section 4: requests signed per second by the console's signer (anywhere-core's build_request +
// sign_request in wasm, bench/sign-wasm) and by aws-sdk-js v3's @smithy/signature-v4 (bundled by
// esbuild), for the same requests in the same page of headless Chromium.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { launchBrowser } from '../../tests/e2e/harness.mjs';
import { REPO, run } from './build.mjs';
import { serveDirectory } from './serve.mjs';
import { spread } from './stats.mjs';

const CRATE = join(REPO, 'bench', 'sign-wasm');
const CARGO_TARGET = join(REPO, 'target', 'bench', 'sign-wasm');

/** Builds the page: the harness through cargo, wasm-bindgen and wasm-opt -Oz as trunk builds the console. */
async function buildPage(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'wasm'), { recursive: true });
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--manifest-path', join(CRATE, 'Cargo.toml')],
    { env: { CARGO_TARGET_DIR: CARGO_TARGET } });
  const wasm = join(CARGO_TARGET, 'wasm32-unknown-unknown', 'release', 'anywhere_sign_bench.wasm');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', join(dir, 'wasm'), wasm]);
  const bindgen = join(dir, 'wasm', 'anywhere_sign_bench_bg.wasm');
  run('wasm-opt', ['-Oz', '-o', bindgen, bindgen]);
  copyFileSync(join(REPO, 'bench', 'signing', 'index.html'), join(dir, 'index.html'));
  await build({
    entryPoints: [join(REPO, 'bench', 'reference', 'signer-entry.mjs')],
    outfile: join(dir, 'sdk-signer.js'),
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'warning',
  });
}

/** `{requests, runs, wasm, webcrypto, js}`: per signer, the spread of requests signed per second. */
export async function measureSigning({ requests = 10_000, runs = 5 } = {}) {
  const dir = join(REPO, 'target', 'bench', 'signing');
  await buildPage(dir);
  const site = await serveDirectory(dir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(site.url);
    await page.waitForFunction(() => window.signingBench !== undefined);
    const bench = (call, ...args) => page.evaluate(async ([name, a]) => (await window.signingBench)[name](...a), [call, args]);

    // The same request must get the same signature from every signer, or the race is not fair.
    for (const index of [0, 1, 2, 3, 4097]) {
      const { wasm, webcrypto, js } = await bench('authorizations', index);
      if (wasm !== webcrypto || wasm !== js) {
        throw new Error(`signers disagree on request ${index}:\n wasm ${wasm}\n sdk (WebCrypto) ${webcrypto}\n sdk (JS) ${js}`);
      }
    }
    const signers = { wasm: () => bench('wasm', requests), webcrypto: () => bench('sdk', requests, 'webcrypto'), js: () => bench('sdk', requests, 'js') };
    const warmUp = Math.min(requests, 500);
    await bench('wasm', warmUp);
    await bench('sdk', warmUp, 'webcrypto');
    await bench('sdk', warmUp, 'js');

    const rates = { wasm: [], webcrypto: [], js: [] };
    for (let i = 0; i < runs; i += 1) {
      for (const [name, sign] of Object.entries(signers)) {
        const { ms, signed } = await sign();
        if (signed !== requests) throw new Error(`${name} signed ${signed} of ${requests} requests`);
        rates[name].push(requests / (ms / 1000));
      }
    }
    if (errors.length) throw new Error(`the signing page failed: ${errors.join('; ')}`);
    return {
      requests,
      runs,
      wasm: spread(rates.wasm),
      webcrypto: spread(rates.webcrypto),
      js: spread(rates.js),
    };
  } finally {
    await browser.close();
    await site.close();
  }
}

// Section 3: each build's first useful paint on an emulated link (Chromium's network emulation
// through CDP), from navigation start, with a cold cache: the build served brotli-compressed and
// the AWS calls answered by the replay server.
import { loadavg } from 'node:os';
import { LATENCY_MS } from './fleet.mjs';
import { instrumentedPage, waitForPaint } from './fleet-page.mjs';
import { startReplay } from './replay.mjs';
import { serveBuild } from './serve.mjs';
import { spread } from './stats.mjs';

// Megabits as 10^6 bits. The slow link is Lighthouse's "slow 4G" (1.6 Mbps down, 750 kbps up,
// 150 ms round trip); the fast one a plain 10 Mbps line with a 40 ms round trip.
export const LINKS = [
  { name: '10 Mbps / 40 ms', downKbps: 10_000, upKbps: 10_000, rttMs: 40 },
  { name: '1.6 Mbps / 150 ms', downKbps: 1_600, upKbps: 750, rttMs: 150 },
];

async function visit({ browser, build, url, link }) {
  const { context, page, errors } = await instrumentedPage(browser, { paintSelector: build.paint.selector });
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: link.rttMs,
      downloadThroughput: (link.downKbps * 1000) / 8,
      uploadThroughput: (link.upKbps * 1000) / 8,
    });
    const loadAtStart = loadavg()[0];
    await page.goto(url, { waitUntil: 'commit' });
    await waitForPaint(page, build, 180_000);
    const { paintMs, bytes } = await page.evaluate(() => ({
      paintMs: window.__bench.paintMs,
      // Bytes over the wire (headers and compressed bodies) of everything fetched so far.
      bytes: performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .filter((entry) => entry.responseEnd <= window.__bench.paintMs)
        .reduce((sum, entry) => sum + entry.transferSize, 0),
    }));
    if (errors.length) throw new Error(`the ${build.title} failed: ${errors.join('; ')}`);
    return { paintMs, bytes, load: loadAtStart };
  } finally {
    await context.close();
  }
}

/**
 * For each link, `runs` cold visits of each build (the builds alternate), answering per link and
 * build the spread of the first useful paint and of the bytes fetched before it.
 */
export async function measureFirstPaint({ browser, builds, recording, runs, log }) {
  const replay = await startReplay(recording.file, LATENCY_MS);
  const sites = [];
  try {
    for (const build of builds) {
      const config = build.config({ api: replay.url, cognito: recording.cognito });
      const site = await serveBuild(build.dir, { prefix: `/${build.name}/`, brotli: true, overrides: { 'config.json': JSON.stringify(config) } });
      sites.push({ build, site });
    }
    const results = [];
    for (const link of LINKS) {
      const visits = new Map(builds.map((build) => [build.name, []]));
      for (let i = 0; i < runs; i += 1) {
        for (const { build, site } of sites) {
          const result = await visit({ browser, build, url: `${site.url}index.html${build.route}`, link });
          visits.get(build.name).push(result);
          log(`first paint, ${link.name}: ${build.title} run ${i + 1}/${runs}: ${result.paintMs.toFixed(0)} ms`);
        }
      }
      const { misses } = await replay.counters();
      if (misses.length) throw new Error(`the replay server lacks ${misses.length} answers, e.g. ${misses[0]}`);
      for (const build of builds) {
        const list = visits.get(build.name);
        results.push({
          link, build: build.name, title: build.title, what: build.paint.what,
          paintMs: spread(list.map((v) => v.paintMs)),
          bytes: spread(list.map((v) => v.bytes)),
          load: spread(list.map((v) => v.load)),
        });
      }
    }
    return results;
  } finally {
    for (const { site } of sites) await site.close();
    await replay.stop();
  }
}

// The fleet of several regions, against the demo sandbox's two regions (us-east-1: 14 hosts in 3
// clusters; eu-west-1: 3 hosts in edge-warehouse) and the partition's other regions (enabled ones
// empty, opt-in ones not enabled for the account): hosts of both in one table with the Region facet,
// the overview grouped by region, a host of the other region opened and drained there, regions that
// are not enabled skipped and listed, one region failing while the other still shows, and a
// deployment limited to some clusters staying in its region whatever the URL asks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, openPage, readmeScreenshotPath, screenshotPath, until } from './harness.mjs';

const env = journey();

const TWO_REGIONS = '#/fleet?regions=eu-west-1,us-east-1';
const row = (page, hostname) => page.locator('.fleet-rows [role=row]', { hasText: hostname });
const loaded = (page, hosts) => page.locator('.load-status .loaded', { hasText: `${hosts} hosts loaded, updated at` });
const shownCount = (page) => page.locator('.shown-count').textContent();
const calls = async (operation) => (await env.sandbox.control('counters')).operations[operation] ?? 0;

/** Opens `hash` on a fresh sandbox state, runs `check`, and closes the page even when it fails. */
async function on(hash, check, faults) {
  await env.sandbox.control('faults/reset', {});
  await env.sandbox.control('counters/reset', {});
  if (faults) await env.sandbox.control('faults', faults);
  const { context, page, errors } = await env.open(hash);
  try {
    await check(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await env.sandbox.control('faults/reset', {});
  }
}

test('two regions load into one table, each with a one-region request count, grouped and faceted by region', async () => {
  await on(TWO_REGIONS, async (page) => {
    await loaded(page, 17).waitFor({ timeout: 30_000 });
    assert.equal(await shownCount(page), '17 of 17 hosts');
    await row(page, 'warehouse-dublin-01').waitFor();
    await row(page, 'factory-line-01').waitFor();
    // Per region what one region's load takes: one ListClusters, one list and one describe per
    // cluster (all are under 100 hosts), one page of the region's managed instances (each under
    // 1,000), and no lookup by id.
    assert.equal(await calls('ecs:ListClusters'), 2);
    assert.equal(await calls('ecs:ListContainerInstances'), 4);
    assert.equal(await calls('ecs:DescribeContainerInstances'), 4);
    assert.equal(await calls('ssm:DescribeInstanceProperties'), 2);
    assert.equal(await calls('ssm:DescribeInstanceInformation'), 0);
    // The overview: one group per region, its clusters in it.
    const groups = await page.locator('.clusters-by-region > section').evaluateAll((sections) => sections
      .map((section) => [section.dataset.region, [...section.querySelectorAll('.cluster-card h2')].map((h) => h.textContent)]));
    assert.deepEqual(groups, [
      ['eu-west-1', ['edge-warehouse']],
      ['us-east-1', ['edge-factory', 'lab', 'retail-stores']],
    ]);
    assert.match(await page.locator('.clusters-by-region h2.region-heading').first().textContent(), /^eu-west-1 Europe \(Ireland\)$/);
    // The Region facet counts and filters.
    const region = (code) => page.locator('fieldset[data-facet=region] li', { hasText: code });
    assert.match(await region('eu-west-1').textContent(), /eu-west-1\s*3/);
    assert.match(await region('us-east-1').textContent(), /us-east-1\s*14/);
    await region('eu-west-1').getByRole('checkbox').check();
    await until(async () => (await shownCount(page)) === '3 of 17 hosts', 'only eu-west-1 hosts shown');
    assert.equal(await row(page, 'factory-line-01').count(), 0);
    await until(async () => /[?&]region=eu-west-1/.test(page.url()), 'the facet in the URL');
    assert.match(page.url(), /regions=eu-west-1(%2C|,)us-east-1/);
    await page.screenshot({ path: readmeScreenshotPath('fleet-all-regions') });
  });
});

test('the Regions picker: one region by default, then chosen ones, then every region of the partition', async () => {
  await on('#/fleet', async (page) => {
    await loaded(page, 14).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.clusters-by-region').count(), 0, 'one region: no grouping');
    const picker = page.getByLabel('Regions', { exact: true });
    await picker.selectOption('chosen');
    await page.locator('.region-choice label', { hasText: 'eu-west-1' }).getByRole('checkbox').check();
    await loaded(page, 17).waitFor({ timeout: 30_000 });
    await until(async () => page.url().includes('regions=eu-west-1%2Cus-east-1'), 'the chosen regions in the URL');
    await picker.selectOption('all');
    await until(async () => page.url().includes('regions=all'), 'all regions in the URL');
    await loaded(page, 17).waitFor({ timeout: 60_000 });
    // The account's opt-in regions answer as AWS does where a region is not enabled: skipped, listed.
    const skipped = await page.locator('.skipped-regions').textContent();
    assert.match(skipped, /^Regions skipped \(not enabled for this account, or not subscribed\): .*af-south-1.*\.$/);
    assert.match(skipped, /me-south-1/);
    assert.doesNotMatch(skipped, /us-east-1|eu-west-1|us-west-2/);
    assert.equal(await page.locator('.partial-load').count(), 0, 'a region not enabled is not an error');
    await page.screenshot({ path: screenshotPath('fleet-every-region'), fullPage: true });
  });
});

test('a host of the other region opens, shows its region, is drained there, and leads back to both regions', async () => {
  await on(TWO_REGIONS, async (page) => {
    await loaded(page, 17).waitFor({ timeout: 30_000 });
    await row(page, 'warehouse-dublin-02').getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'warehouse-dublin-02' }).waitFor();
    assert.match(page.url(), /[?&]region=eu-west-1(&|$)/);
    const field = (name) => page.locator('dl.fields div', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd');
    assert.equal(await field('Region').textContent(), 'eu-west-1');
    assert.equal(await field('Cluster').textContent(), 'edge-warehouse');
    assert.equal(await field('Status').textContent(), 'ACTIVE');
    // An active host offers Drain, not Activate.
    const actions = page.locator('.action-panel .actions');
    await actions.getByRole('button', { name: 'Drain' }).waitFor();
    assert.equal(await actions.getByRole('button', { name: 'Activate' }).count(), 0);
    await actions.getByRole('button', { name: 'Drain' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Drain 1 host' }).click();
    await page.locator('.action-results td', { hasText: 'Now DRAINING.' }).waitFor();
    await until(async () => (await field('Status').textContent()) === 'DRAINING', 'the page reloaded the host');
    // A draining host offers Activate, not Drain.
    await actions.getByRole('button', { name: 'Activate' }).waitFor();
    assert.equal(await actions.getByRole('button', { name: 'Drain' }).count(), 0);
    // The task list was read in the host's region too (eu-west-1 runs none).
    await page.locator('.instance-page', { hasText: /No task/ }).waitFor();
    await page.screenshot({ path: screenshotPath('fleet-instance-other-region'), fullPage: true });
    // Drained in eu-west-1, nowhere else: the sandbox's eu-west-1 says so.
    await page.getByRole('link', { name: '← Fleet' }).click();
    await loaded(page, 17).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /regions=eu-west-1(%2C|,)us-east-1/);
    assert.match(await row(page, 'warehouse-dublin-02').textContent(), /Draining/);
    // Set it back, from the table's bulk actions, in its region.
    await row(page, 'warehouse-dublin-02').getByRole('checkbox').check();
    const bulk = page.getByRole('region', { name: 'Actions on the selected hosts' });
    assert.equal(await bulk.getByRole('button', { name: 'Drain' }).count(), 0);
    await bulk.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Activate 1 host' }).click();
    await bulk.locator('.action-results td', { hasText: 'Now ACTIVE.' }).waitFor();
  });
});

test('a failing region is named while the other region shows, and a region not enabled is only listed', async () => {
  // Every attempt of eu-west-1's ListClusters fails (the client tries 3 times; the quick retry after
  // a failed load tries again), nothing else does.
  const faults = { fail: 50, operation: 'ListClusters', region: 'eu-west-1' };
  await on('#/fleet?regions=af-south-1,eu-west-1,us-east-1', async (page) => {
    const failed = page.locator('.partial-load', {
      hasText: 'eu-west-1: ListClusters failed: the clusters of region eu-west-1 could not be listed, so none of its hosts are shown. AWS had an internal error (HTTP 500)',
    });
    await failed.waitFor({ timeout: 30_000 });
    await page.locator('.load-status .loaded', { hasText: /^Partial load at .*: 14 hosts shown\.$/ }).waitFor();
    assert.equal(await shownCount(page), '14 of 14 hosts');
    await row(page, 'factory-line-01').waitFor();
    assert.equal(await row(page, 'warehouse-dublin-01').count(), 0);
    // The overview still says where the clusters shown are.
    assert.deepEqual(await page.locator('.clusters-by-region > section').evaluateAll((s) => s.map((e) => e.dataset.region)),
      ['us-east-1']);
    assert.equal(await page.locator('.partial-load').count(), 1, 'only the failing region is an error');
    assert.equal(await page.locator('.skipped-regions').textContent(),
      'Regions skipped (not enabled for this account, or not subscribed): af-south-1.');
    await page.screenshot({ path: screenshotPath('fleet-region-failing'), fullPage: true });
    // Once the region answers again, the next load brings its hosts in.
    await env.sandbox.control('faults/reset', {});
    await page.getByRole('button', { name: 'Refresh' }).click();
    await loaded(page, 17).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.partial-load').count(), 0);
  }, faults);
});

/** A deployment whose config allows cluster edge-factory only, a page to open it in, and the sandbox's counters reset. */
async function openScoped() {
  const scoped = await env.serve({ sandboxUrl: env.sandbox.url, allowedClusters: ['edge-factory'] }, '/scoped/');
  await env.sandbox.control('faults/reset', {});
  await env.sandbox.control('counters/reset', {});
  return { scoped, ...(await openPage(env.browser)) };
}

test('a deployment with allowedClusters loads its clusters in its own region only, even with regions=all', async () => {
  // Such a deployment's clusters are named in its region and its IAM role is written for them
  // (src/pages/fleet/loading.rs, scope_regions): the URL's regions=all must not widen the load.
  const { scoped, context, page, errors } = await openScoped();
  try {
    await page.goto(`${scoped.url}index.html#/fleet?regions=all`);
    await loaded(page, 7).waitFor({ timeout: 30_000 });
    assert.equal(await shownCount(page), '7 of 7 hosts');
    await row(page, 'factory-line-01').waitFor();
    assert.equal(await row(page, 'store-berlin-01').count(), 0, 'another cluster of the region is not loaded');
    assert.equal(await row(page, 'warehouse-dublin-01').count(), 0, 'another region is not loaded');
    // One region read, by the allowed cluster's name: no other region listed, skipped or shown.
    assert.equal(await calls('ecs:DescribeClusters'), 1);
    assert.equal(await calls('ecs:ListClusters'), 0);
    assert.equal(await calls('ecs:ListContainerInstances'), 1);
    // Its own hosts' records only, by id: the region's other managed instances are not listed.
    assert.equal(await calls('ssm:DescribeInstanceInformation'), 1);
    assert.equal(await calls('ssm:DescribeInstanceProperties'), 0);
    assert.equal(await page.locator('.skipped-regions').count(), 0);
    assert.equal(await page.locator('.partial-load').count(), 0);
    assert.deepEqual(await page.locator('.cluster-card h2').allTextContents(), ['edge-factory']);
    // One region in scope, so the overview is not grouped by region.
    assert.equal(await page.locator('.clusters-by-region').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a deployment with allowedClusters never lists a cluster it does not allow, even one its link names', async () => {
  // A link narrowed to a cluster has that cluster listed while the clusters are (list_ahead), but
  // only when the deployment allows it.
  const { scoped, context, page, errors } = await openScoped();
  try {
    const listed = [];
    page.on('request', (request) => {
      if (request.headers()['x-amz-target']?.endsWith('.ListContainerInstances')) listed.push(JSON.parse(request.postData()).cluster);
    });
    await page.goto(`${scoped.url}index.html#/fleet?cluster=retail-stores`);
    await page.locator('.load-status .loaded').waitFor({ timeout: 30_000 });
    assert.deepEqual(listed, ['edge-factory']);
    assert.equal(await calls('ecs:ListContainerInstances'), 1);
    assert.equal(await shownCount(page), '0 of 7 hosts');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('measure: two regions load in about the time of one, since they load at once', async () => {
  // Every call waits 150 ms, so the load's round trips, not the machine, set its time. A load of
  // two regions one after the other would take about twice one region's.
  const timeToLoad = async (hash, hosts) => {
    const { context, page } = await env.open('');
    try {
      const started = Date.now();
      await page.goto(`${env.site.url}index.html${hash}`);
      await loaded(page, hosts).waitFor({ timeout: 60_000 });
      return Date.now() - started;
    } finally {
      await context.close();
    }
  };
  await env.sandbox.control('faults/reset', {});
  await env.sandbox.control('faults', { latencyMs: 150 });
  try {
    const one = [];
    const two = [];
    for (let round = 0; round < 3; round += 1) {
      one.push(await timeToLoad('#/fleet', 14));
      two.push(await timeToLoad(TWO_REGIONS, 17));
    }
    const best = (times) => Math.min(...times);
    console.log(`one region (14 hosts): ${best(one)} ms; two regions (17 hosts): ${best(two)} ms; `
      + `ratio ${(best(two) / best(one)).toFixed(2)} (best of 3, every call 150 ms)`);
  } finally {
    await env.sandbox.control('faults/reset', {});
  }
});

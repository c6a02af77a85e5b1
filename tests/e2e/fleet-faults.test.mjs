// The fleet load under faults, against 250 hosts in one cluster (three pages of 100): throttling on
// the first call and on a later page, server errors, a dropped connection, a request that hangs.
// Each ends with every host shown or with a message naming the cluster and what is missing, and
// once the fault is gone auto-refresh heals the table by itself (the retry after a failed load
// comes 10 s later; every wait here is on a condition).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, screenshotPath } from './harness.mjs';

const HOSTS = 250;
const env = journey({ seed: `hosts:${HOSTS}` });

/** Starts from a clean sandbox: no fault, counters at zero. */
async function fresh(faults) {
  await env.sandbox.control('faults/reset', {});
  await env.sandbox.control('counters/reset', {});
  if (faults) await env.sandbox.control('faults', faults);
}

const calls = async (operation) => (await env.sandbox.control('counters')).operations[operation] ?? 0;
const loadedText = (page) => page.locator('.load-status .loaded').textContent();
const allLoaded = (page) => page.locator('.load-status .loaded', { hasText: `${HOSTS} hosts loaded, updated at` });
const shownCount = (page) => page.locator('.shown-count').textContent();

/**
 * Opens the fleet and runs `check` on it; the page is closed even when a check fails, so its
 * auto-refresh cannot spend the next journey's faults.
 */
async function onFleet(check) {
  const { context, page, errors } = await env.open('#/fleet');
  try {
    await check(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

/** Every host in the table, the status says so, nothing is marked missing, and a refresh is due. */
async function assertComplete(page) {
  await allLoaded(page).waitFor({ timeout: 90_000 });
  assert.equal(await shownCount(page), `${HOSTS} of ${HOSTS} hosts`);
  assert.equal(await page.locator('.partial-load').count(), 0);
  assert.equal(await page.locator('.fleet-row.stale').count(), 0);
  assert.match(await page.locator('.next-refresh').textContent(), /^Next refresh at \d\d:\d\d:\d\d \(in \d+ s\)\.$/);
}

test('throttling on the first call is waited out, visibly, and every host loads', async () => {
  await fresh({ throttle: 4, operation: 'ListClusters' });
  await onFleet(async (page) => {
    const waiting = page.locator('.retry-wait', { hasText: /^AWS is throttling; retrying in \d+ s\.$/ });
    await waiting.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('fleet-throttled'), fullPage: true });
    await assertComplete(page);
    assert.equal(await calls('ecs:ListClusters'), 5, 'four throttled attempts, then the answer');
    assert.equal(await waiting.count(), 0, 'the notice goes once the calls succeed');
  });
});

test('throttling on a later page is waited out and every host loads', async () => {
  await fresh({ throttle: 4, operation: 'ListContainerInstances', after: 1 });
  await onFleet(async (page) => {
    await page.locator('.retry-wait', { hasText: 'AWS is throttling; retrying in' }).waitFor({ timeout: 20_000 });
    await assertComplete(page);
    // Two pages as one chain, then the list again in four parts of one page each (a cluster still
    // listing after two pages is split), and the four throttled attempts.
    assert.equal(await calls('ecs:ListContainerInstances'), 2 + 4 + 4);
  });
});

test('server errors on a refresh keep the unread hosts as stale rows, say what is missing, and heal', async () => {
  await fresh();
  await onFleet(async (page) => {
    await assertComplete(page);
    // On the next load, every describe after the first fails on every attempt (pages 2 and 3, in
    // whatever order their calls interleave).
    await env.sandbox.control('faults', { fail: 6, operation: 'DescribeContainerInstances', after: 1 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const missing = (hosts) => page.locator('.partial-load', {
      hasText: `DescribeContainerInstances failed: ${hosts} hosts of cluster bench could not be read and are missing. AWS had an internal error (HTTP 500)`,
    });
    await missing(100).waitFor({ timeout: 30_000 });
    await missing(50).waitFor();
    const partial = /^Partial load at \d\d:\d\d:\d\d: 250 hosts shown\. 150 hosts could not be read\. 150 of them show their last known values, marked stale\.$/;
    await page.locator('.load-status .loaded', { hasText: partial }).waitFor();
    assert.equal(await shownCount(page), `${HOSTS} of ${HOSTS} hosts`, 'no host vanished');
    assert.match(await page.locator('.next-refresh').textContent(), /^Next refresh at .* \(in \d+ s\)\.$/);
    // A host of the second page: still listed, marked stale.
    await page.getByLabel('Search hosts').fill('bench-00150');
    await page.locator('.fleet-row.stale', { hasText: 'bench-00150' }).waitFor();
    await page.screenshot({ path: screenshotPath('fleet-partial-stale'), fullPage: true });
    // The fault is used up: the retry 10 s later reads everything again, by itself.
    await page.getByLabel('Search hosts').fill('');
    await assertComplete(page);
  });
});

test('a dropped connection mid-load names the cluster and how far it was listed, then heals', async () => {
  await fresh({ drop: 3, operation: 'ListContainerInstances', after: 1 });
  await onFleet(async (page) => {
    const missing = page.locator('.partial-load', {
      hasText: 'ListContainerInstances failed: cluster bench could be listed only to its first 100 hosts, so its other hosts are missing.',
    });
    await missing.waitFor({ timeout: 30_000 });
    assert.match(await missing.textContent(), /The request did not reach AWS/);
    // The first page's hosts are in the table.
    await page.locator('.load-status .loaded', { hasText: /^Partial load at .*: 100 hosts shown\.$/ }).waitFor();
    assert.equal(await shownCount(page), '100 of 100 hosts');
    await page.screenshot({ path: screenshotPath('fleet-partial-dropped'), fullPage: true });
    await assertComplete(page);
  });
});

test('when the managed instances of the region cannot be listed, the records of the hosts are looked up by id', async () => {
  // DescribeInstanceProperties fails on every attempt (as it would for a policy without it).
  await fresh({ fail: 50, operation: 'DescribeInstanceProperties' });
  await onFleet(async (page) => {
    await assertComplete(page);
    assert.ok(await calls('ssm:DescribeInstanceProperties') >= 1);
    assert.equal(await calls('ssm:DescribeInstanceInformation'), HOSTS / 50, 'one lookup per 50 hosts');
    // Host names come from SSM: a host found by its name has its record.
    await page.getByLabel('Search hosts').fill('bench-00249');
    await page.locator('.fleet-row', { hasText: 'bench-00249' }).waitFor();
    assert.equal(await shownCount(page), `1 of ${HOSTS} hosts`);
  });
});

test('a request that hangs is given up after 20 s, its connection freed, and retried', async () => {
  await fresh({ hold: 1, operation: 'DescribeContainerInstances', after: 1 });
  await onFleet(async (page) => {
    // While the second describe to reach the sandbox hangs (one of the first page's two: a
    // screenful and the rest, sent together), the others finish: the load is not stuck behind it.
    // The other pages' 150 hosts at least are loaded, not all 250.
    await page.locator('.load-progress', { hasText: /Loading: (1[5-9]\d|2[0-4]\d) hosts loaded of 250$/ })
      .waitFor({ timeout: 15_000 });
    await assertComplete(page);
    // The first page is described in two (a screenful, then the rest), the other pages in one
    // each: four describes, and the held one's retry.
    assert.equal(await calls('ecs:DescribeContainerInstances'), 5, 'the held attempt, then its retry');
  });
});

// 5,000 hosts: the fleet loads in parts with the request count that implies, and the virtualized
// table scrolls to the last host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, openPage, screenshotPath } from './harness.mjs';

const HOSTS = 5000;
const env = journey({ seed: `hosts:${HOSTS}` });

test('5,000 hosts load in parts, each host described once, and scroll to the last one', async () => {
  const { page, errors } = await openPage(env.browser);
  await env.sandbox.control('counters/reset', {});
  await page.goto(`${env.site.url}index.html#/fleet`);
  // Auto-refresh would add a second load's requests if the test ran past its interval.
  await page.getByLabel('Auto-refresh every 30 s').uncheck();
  await page.locator('.load-status .loaded', { hasText: `${HOSTS} hosts loaded` }).waitFor({ timeout: 120_000 });
  const { operations, total } = await env.sandbox.control('counters');
  const { 'ecs:ListContainerInstances': lists, ...others } = operations;
  assert.deepEqual(others, {
    // The cluster list: one page holds up to 100 clusters, and the sandbox has only `bench`.
    'ecs:ListClusters': 1,
    // Listed hosts are described 100 at a time (with TAGS), each once: 5000 / 100, and one more:
    // the first page is described in two, a screenful first, so the first rows wait for a small
    // answer.
    'ecs:DescribeContainerInstances': HOSTS / 100 + 1,
    // The region's managed instances (only the bench's hosts here), 1,000 a page, instead of
    // lookups of ≤50 InstanceIds (which would be 5000 / 50 = 100 calls).
    'ssm:DescribeInstanceProperties': HOSTS / 1000,
  });
  // Two pages of 100 as one chain, then the whole list again in four parts by the last digit of
  // the host's id (random here), each three pages and then again in four parts of one digit:
  // 2 + 4 × 3 + Σ⌈part/100⌉ over the sixteen, between 14 + 5000 / 100 and that plus one per part.
  // One chain would be 50 lists, one after the other.
  assert.ok(lists >= 14 + HOSTS / 100 && lists <= 14 + HOSTS / 100 + 16, `${lists} lists`);
  assert.equal(total, 1 + lists + HOSTS / 100 + 1 + HOSTS / 1000);
  assert.equal(await page.locator('.shown-count').textContent(), `${HOSTS} of ${HOSTS} hosts`);

  const rendered = await page.locator('.fleet-rows [role=row]').count();
  assert.ok(rendered > 10 && rendered <= 60, `${rendered} rows in the DOM`);
  // Rows arrive in the order their describes and records come: sort by host name so the last one is known.
  await page.getByRole('columnheader', { name: 'Hostname' }).getByRole('button').click();
  await page.locator('[role=columnheader][aria-sort=ascending]', { hasText: 'Hostname' }).waitFor();
  await page.locator('.fleet-table').evaluate((table) => { table.scrollTop = table.scrollHeight; });
  await page.locator(`.fleet-rows [role=row][aria-rowindex="${HOSTS + 1}"]`).waitFor();
  await page.locator('.fleet-rows [role=row]', { hasText: 'bench-04999' }).waitFor();
  const after = await page.locator('.fleet-rows [role=row]').count();
  assert.ok(after <= 60, `${after} rows in the DOM after scrolling`);
  // The scroll area is a layout boundary, so the rows a scroll refills are laid out without the
  // rest of the page (BENCHMARKS.md, rendering): strict containment, and not a grid or flex item,
  // which Chromium never lays out on its own.
  const boundary = await page.locator('.fleet-table').evaluate((table) => ({
    contain: getComputedStyle(table).contain,
    parent: getComputedStyle(table.parentElement).display,
  }));
  assert.equal(boundary.contain, 'strict');
  assert.doesNotMatch(boundary.parent, /grid|flex/, "the table's parent lays it out as a grid or flex item");
  await page.screenshot({ path: screenshotPath('fleet-scale-bottom') });
  assert.deepEqual(errors, []);
});

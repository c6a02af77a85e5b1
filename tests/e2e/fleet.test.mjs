// The fleet and instance pages against the sandbox's demo fleet (14 hosts in 3 clusters, two of
// them draining and two disconnected). The tests run in order and share the sandbox: each one
// leaves the fleet as the next expects it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, openPage, screenshotPath, until } from './harness.mjs';

const env = journey();

const counters = async () => (await env.sandbox.control('counters')).operations;

/** Opens the fleet (with `query`) and waits until every host is loaded. */
async function openFleet(query = '') {
  const opened = await env.open(`#/fleet${query}`);
  await opened.page.locator('.load-status .loaded').waitFor();
  return opened;
}

const shownCount = (page) => page.locator('.shown-count').textContent();
const row = (page, hostname) => page.locator('.fleet-rows [role=row]', { hasText: hostname });

/** The instance page of a host, reached from its row's link. */
async function openInstance(hostname) {
  const opened = await openFleet();
  await row(opened.page, hostname).getByRole('link').click();
  await opened.page.getByRole('heading', { level: 1, name: hostname }).waitFor();
  await opened.page.locator('.tasks, .instance-page p.muted', { hasText: /Task|No task/ }).first().waitFor();
  return opened;
}

test('the demo fleet loads with its overview, and its facets filter', async () => {
  const { page, errors } = await openFleet();
  assert.equal(await shownCount(page), '14 of 14 hosts');
  const cards = page.locator('.cluster-card');
  assert.equal(await cards.count(), 3);
  const factory = cards.filter({ hasText: 'edge-factory' });
  assert.match(await factory.locator('.cluster-counts').textContent(), /External hosts7Connected6Disconnected1Draining1/);
  assert.equal(await factory.locator('svg[role=img]').count(), 3);
  await page.screenshot({ path: screenshotPath('fleet-overview'), fullPage: true });

  await page.locator('fieldset[data-facet=status] li', { hasText: 'DRAINING' }).getByRole('checkbox').check();
  await page.locator('.shown-count', { hasText: '2 of 14 hosts' }).waitFor();
  await row(page, 'factory-line-05').waitFor();
  await row(page, 'store-paris-02').waitFor();
  await page.locator('fieldset[data-facet=agent] li', { hasText: 'connected' }).first().waitFor();
  await page.screenshot({ path: screenshotPath('fleet-table-facets'), fullPage: true });

  await page.locator('fieldset[data-facet=status] li', { hasText: 'DRAINING' }).getByRole('checkbox').uncheck();
  await page.locator('fieldset[data-facet=ping] li', { hasText: 'ConnectionLost' }).getByRole('checkbox').check();
  await page.locator('.shown-count', { hasText: '2 of 14 hosts' }).waitFor();
  await row(page, 'factory-line-04').waitFor();
  await row(page, 'store-berlin-02').waitFor();
  assert.deepEqual(errors, []);
});

test('a filtered, sorted view survives a reload from its URL', async () => {
  const { page, errors } = await openFleet();
  await page.getByLabel('Cluster', { exact: true }).selectOption('retail-stores');
  await page.locator('fieldset[data-facet=arch] li', { hasText: 'x86_64' }).getByRole('checkbox').check();
  await page.getByRole('columnheader', { name: 'Hostname' }).getByRole('button').click();
  await page.getByRole('columnheader', { name: 'Hostname' }).getByRole('button').click();
  await page.locator('.shown-count', { hasText: '3 of 14 hosts' }).waitFor();
  const url = page.url();
  assert.match(url, /#\/fleet\?cluster=retail-stores&arch=x86_64&sort=-hostname$/);

  const again = await openPage(env.browser);
  await again.page.goto(url);
  await again.page.locator('.load-status .loaded').waitFor();
  assert.equal(await shownCount(again.page), '3 of 14 hosts');
  assert.equal(await again.page.getByLabel('Cluster', { exact: true }).inputValue(), 'retail-stores');
  assert.ok(await again.page.locator('fieldset[data-facet=arch] li', { hasText: 'x86_64' }).getByRole('checkbox').isChecked());
  assert.equal(await again.page.getByRole('columnheader', { name: 'Hostname' }).getAttribute('aria-sort'), 'descending');
  const names = await again.page.locator('.fleet-rows [role=row]').evaluateAll((rows) => rows
    .sort((a, b) => Number(a.ariaRowIndex) - Number(b.ariaRowIndex))
    .map((row) => row.querySelector('[role=gridcell]:nth-child(3)').textContent));
  assert.deepEqual(names, ['store-paris-02', 'store-paris-01', 'store-berlin-02']);

  // The navigation's Fleet link opens the whole fleet again in the same page: its rows alone, each
  // host once (the filtered view's rows stayed under the new ones before).
  await page.getByRole('navigation').getByRole('link', { name: 'Fleet' }).click();
  await page.locator('.shown-count', { hasText: '14 of 14 hosts' }).waitFor();
  const rows = page.locator('.fleet-rows [role=row]');
  await until(async () => (await rows.count()) >= 14, 'the whole fleet drawn');
  const hostnames = await rows.evaluateAll((all) => all.map((row) => row.querySelector('[role=gridcell]:nth-child(3)').textContent));
  assert.equal(hostnames.length, 14, `rows: ${hostnames.join(', ')}`);
  assert.equal(new Set(hostnames).size, 14);
  assert.deepEqual([...errors, ...again.errors], []);
});

/** Records, in the order the browser reports them, each cluster listed and when ListClusters answered. */
function recordListing(page) {
  const events = [];
  page.on('request', (request) => {
    if (request.headers()['x-amz-target']?.endsWith('.ListContainerInstances')) {
      const { cluster, nextToken } = JSON.parse(request.postData());
      events.push(nextToken ? `${cluster} next page` : cluster);
    }
  });
  page.on('response', (response) => {
    if (response.request().headers()['x-amz-target']?.endsWith('.ListClusters')) events.push('ListClusters answered');
  });
  return events;
}

test('the cluster a link narrows the view to is loaded first, listed while the clusters are', async () => {
  // ListClusters answers edge-factory, retail-stores, lab: lab would be listed last.
  const { page, errors } = await openPage(env.browser);
  const events = recordListing(page);
  await page.goto(`${env.site.url}index.html#/fleet?cluster=lab`);
  await page.locator('.load-status .loaded').waitFor();
  assert.equal(events[0], 'lab', `order: ${events.join(', ')}`);
  assert.ok(events.indexOf('lab') < events.indexOf('ListClusters answered'), `order: ${events.join(', ')}`);
  const listed = events.filter((event) => event !== 'ListClusters answered');
  assert.deepEqual(listed.sort(), ['edge-factory', 'lab', 'retail-stores'], 'each cluster listed once');
  assert.equal(await shownCount(page), '2 of 14 hosts');
  assert.deepEqual(errors, []);
});

test('a link to a cluster the account does not have loads the fleet without a failure', async () => {
  const { page, errors } = await openPage(env.browser);
  const events = recordListing(page);
  await page.goto(`${env.site.url}index.html#/fleet?cluster=no-such-cluster`);
  await page.locator('.load-status .loaded').waitFor();
  // Listed ahead and refused; the load's own clusters are listed and nothing is reported.
  assert.equal(events[0], 'no-such-cluster', `order: ${events.join(', ')}`);
  assert.deepEqual(events.filter((event) => event.endsWith('-factory') || event === 'lab' || event === 'retail-stores').sort(), ['edge-factory', 'lab', 'retail-stores']);
  assert.equal(await page.locator('.load-status .error-message').count(), 0);
  assert.equal(await shownCount(page), '0 of 14 hosts');
  assert.deepEqual(errors, []);
});

test('the table by keyboard: sort buttons, rows, their checkbox and link; badges and facet names whole', async () => {
  const { page, errors } = await openFleet();
  const focused = () => page.evaluate(() => {
    const element = document.activeElement;
    const row = element?.closest('[role=row]');
    return {
      role: element?.getAttribute('role') ?? element?.tagName.toLowerCase(),
      type: element?.getAttribute('type'),
      row: row?.getAttribute('aria-rowindex'),
      visible: element?.matches(':focus-visible'),
    };
  });
  // Sort headers are buttons that say their order.
  const hostname = page.getByRole('columnheader', { name: 'Hostname' });
  await hostname.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await page.locator('[role=columnheader][aria-sort=ascending]', { hasText: 'Hostname' }).waitFor();
  assert.equal(await page.locator('[role=columnheader][aria-sort]').count(), await page.locator('[role=columnheader] button.sort').count());

  // The grid takes focus; the arrows move from row to row, visibly.
  await page.getByRole('grid', { name: 'External hosts' }).focus();
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await focused(), { role: 'row', type: null, row: '2', visible: true });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  assert.equal((await focused()).row, '15');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  assert.equal((await focused()).row, '3');
  // Space selects the focused row; its checkbox is the next stop of Tab, and Space clears it.
  await page.keyboard.press(' ');
  const bulk = page.getByRole('region', { name: 'Actions on the selected hosts' });
  await bulk.getByText('1 selected').waitFor();
  await page.keyboard.press('Tab');
  assert.deepEqual(await focused(), { role: 'input', type: 'checkbox', row: '3', visible: true });
  await page.keyboard.press(' ');
  await bulk.waitFor({ state: 'detached' });
  // Then the row's link, and Enter opens the host's page.
  await page.keyboard.press('Tab');
  assert.equal((await focused()).row, '3');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'factory-line-01' }).waitFor();

  // Health badges show their whole label; long OS names end before their count.
  const fleet = await openFleet();
  const cut = await fleet.page.locator('.fleet-rows .health').evaluateAll((badges) => badges
    .filter((badge) => badge.scrollWidth > badge.clientWidth).map((badge) => badge.textContent));
  assert.deepEqual(cut, []);
  assert.ok(await fleet.page.locator('.fleet-rows .health', { hasText: 'ECS agent disconnected' }).count() > 0);
  const overlaps = await fleet.page.locator('fieldset[data-facet=os] li').evaluateAll((items) => items
    .filter((item) => item.querySelector('.value').getBoundingClientRect().right > item.querySelector('.count').getBoundingClientRect().left)
    .map((item) => item.textContent));
  assert.deepEqual(overlaps, []);
  assert.deepEqual([...errors, ...fleet.errors], []);
});

test('draining a host sets it DRAINING in the sandbox', async () => {
  const { page, errors } = await openFleet();
  await env.sandbox.control('counters/reset', {});
  await row(page, 'factory-line-01').getByRole('checkbox').check();
  await page.getByRole('region', { name: 'Actions on the selected hosts' }).getByRole('button', { name: 'Drain' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('factory-line-01').waitFor();
  await dialog.getByRole('button', { name: 'Drain 1 host' }).click();
  await page.locator('.action-results tr', { hasText: 'factory-line-01' }).filter({ hasText: 'Now DRAINING.' }).waitFor();
  assert.equal((await counters())['ecs:UpdateContainerInstancesState'], 1);

  const fresh = await openFleet();
  assert.match(await row(fresh.page, 'factory-line-01').textContent(), /DRAINING/);
  assert.match(await row(fresh.page, 'factory-line-01').textContent(), /Draining/);
  assert.deepEqual([...errors, ...fresh.errors], []);
});

test('an attribute added on the instance page is there after a reload', async () => {
  const { page, errors } = await openInstance('store-berlin-01');
  await page.getByLabel('Attribute name').fill('rack');
  await page.getByLabel('Value (optional)').fill('r12');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  const attributes = page.getByRole('table', { name: 'Custom attributes' });
  await attributes.getByRole('row', { name: /rack\s*r12/ }).waitFor();

  await page.getByLabel('Attribute name').fill('ecs.os-type');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  await page.getByRole('alert').filter({ hasText: 'belong to the agent' }).waitFor();

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'store-berlin-01' }).waitFor();
  await page.getByRole('table', { name: 'Custom attributes' }).getByRole('row', { name: /rack\s*r12/ }).waitFor();
  await page.screenshot({ path: screenshotPath('fleet-instance'), fullPage: true });
  assert.equal((await counters())['ecs:PutAttributes'] >= 1, true);

  // Tags go through the same editor: a reserved key is refused before any call, a good one is
  // added, then removed.
  const tags = page.getByRole('table', { name: 'Tags' });
  const before = await counters();
  const calls = async (op) => ((await counters())[op] ?? 0) - (before[op] ?? 0);
  await page.getByLabel('Tag key').fill('aws:owner');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await page.getByRole('alert').filter({ hasText: 'AWS reserves that prefix' }).waitFor();
  assert.equal(await page.getByLabel('Tag key').inputValue(), 'aws:owner', 'what was typed stays');
  assert.equal(await calls('ecs:TagResource'), 0);
  await page.getByLabel('Tag key').fill('rack-owner');
  await page.getByLabel('Value', { exact: true }).fill('ops');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await tags.getByRole('row', { name: /rack-owner\s*ops/ }).waitFor();
  await page.getByRole('button', { name: 'Remove tag rack-owner' }).click();
  await until(async () => (await tags.getByRole('row', { name: /rack-owner/ }).count()) === 0, 'the tag removed');
  assert.equal(await calls('ecs:TagResource'), 1);
  assert.equal(await calls('ecs:UntagResource'), 1);
  assert.deepEqual(errors, []);
});

/** Deregisters a host from its page; forces when the dialog says tasks run on it. */
async function deregister(hostname, alsoSsm) {
  const { page, errors } = await openInstance(hostname);
  await page.getByRole('button', { name: 'Deregister…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('clean-up').or(dialog.getByText('remove the agents')).first().waitFor();
  await dialog.locator('pre.command').first().waitFor();
  const ssmBox = dialog.getByLabel(/Also deregister from Systems Manager/);
  if (alsoSsm) await ssmBox.check(); else await ssmBox.uncheck();
  const force = dialog.getByLabel('Force deregistration of hosts with running tasks');
  if (await force.count()) await force.check();
  await dialog.getByRole('button', { name: 'Deregister 1 host' }).click();
  const expected = alsoSsm ? 'Deregistered from ECS and from SSM' : 'Deregistered from ECS.';
  await page.locator('.action-results tr', { hasText: expected }).waitFor();
  return errors;
}

test('deregistering with and without SSM', async () => {
  await env.sandbox.control('counters/reset', {});
  const first = await deregister('lab-pi-01', false);
  let ops = await counters();
  assert.equal(ops['ecs:DeregisterContainerInstance'], 1);
  assert.equal(ops['ssm:DeregisterManagedInstance'], undefined);

  const second = await deregister('lab-nuc-01', true);
  ops = await counters();
  assert.equal(ops['ecs:DeregisterContainerInstance'], 2);
  assert.equal(ops['ssm:DeregisterManagedInstance'], 1);

  const { page, errors } = await openFleet();
  assert.equal(await shownCount(page), '12 of 12 hosts');
  assert.equal(await row(page, 'lab-').count(), 0);
  assert.deepEqual([...first, ...second, ...errors], []);
});

test('a bulk SSM agent update reports a result per host', async () => {
  const { page, errors } = await openFleet('?cluster=retail-stores');
  await page.locator('.shown-count', { hasText: '5 of 12 hosts' }).waitFor();
  await page.getByLabel('Select every shown host').check();
  const bulk = page.getByRole('region', { name: 'Actions on the selected hosts' });
  await bulk.getByText('5 selected').waitFor();
  await bulk.getByRole('button', { name: 'Update SSM agent…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run through SSM Run Command' }).click();
  const results = page.locator('.action-results tbody tr');
  await results.first().waitFor();
  assert.equal(await results.count(), 5);
  // The disconnected host's invocation stays Pending, as on AWS, until the command's timeout.
  await page.waitForFunction(() => document.querySelectorAll('.action-results td.status-ok').length === 4, null, { timeout: 30_000 });
  assert.match(await results.filter({ hasText: 'store-berlin-01' }).textContent(), /Run Command: Success/);
  assert.match(await results.filter({ hasText: 'store-berlin-02' }).textContent(), /Run Command: Pending/);
  // An hour later by the sandbox clock (AWS-UpdateSSMAgent's TimeoutSeconds is 3600), delivery has timed out;
  // the console learns the new time from the signature error, as it must on AWS.
  await env.sandbox.control('clock', { shiftSeconds: 3700 });
  try {
    await page.waitForFunction(() => document.querySelectorAll('.action-results td.working').length === 0, null, { timeout: 30_000 });
  } finally {
    await env.sandbox.control('clock', { reset: true });
  }
  assert.match(await results.filter({ hasText: 'store-berlin-02' }).textContent(), /Run Command: DeliveryTimedOut/);
  assert.equal(await page.locator('.action-results td.status-ok').count(), 4);
  assert.equal((await counters())['ssm:SendCommand'], 1);
  await page.screenshot({ path: screenshotPath('fleet-bulk-results'), fullPage: true });
  assert.deepEqual(errors, []);
});

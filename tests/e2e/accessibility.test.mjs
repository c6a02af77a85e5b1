// Accessibility against the sandbox's demo fleet: axe-core over every page and state, in the light
// and the dark scheme, with no serious or critical violation (each check prints its counts per
// impact: `axe <page/state> [scheme]: …`); status changes announced to screen readers; onboarding
// on a phone; the cluster cards' figures; and the README's screenshots (docs/screenshots/, light
// and dark; written to docs/screenshots/ by `make screenshots`). The tests run in order and share the sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announcements, axeCheck, journey, openPage, readmeScreenshotPath, recordAnnouncements,
  screenshotPath, until,
} from './harness.mjs';

const env = journey();

/** A page for axe: the CSP bypassed so axe's script can be injected (see axeCheck). */
const open = (hash, options = {}) => env.open(hash, { bypassCSP: true, ...options });

/** Runs axe on the page as it is, in light then dark; returns the serious and critical findings. */
async function checkSchemes(page, label) {
  const severe = [];
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const result = await axeCheck(page, `${label} [${colorScheme}]`);
    severe.push(...result.severe.map((v) => ({ state: `${label} [${colorScheme}]`, ...v })));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return severe;
}

function assertNone(severe) {
  assert.deepEqual(severe, [], `serious or critical axe violations:\n${JSON.stringify(severe, null, 2)}`);
}

test('the check can fail: axe finds low-contrast text and an unlabelled field planted in a page', async () => {
  const { page } = await open('#/settings');
  await page.getByText('signed in').waitFor();
  await page.evaluate(() => {
    const planted = document.createElement('div');
    planted.innerHTML = '<p style="color:#bbb;background:#fff">faint</p><input type="text">';
    document.querySelector('main').append(planted);
  });
  const { counts, severe } = await axeCheck(page, 'settings with planted faults');
  assert.deepEqual(severe.map((v) => v.id).sort(), ['color-contrast', 'label']);
  assert.equal(counts.serious + counts.critical, 2);
});

async function openFleet() {
  const opened = await open('#/fleet');
  await opened.page.locator('.load-status .loaded').waitFor();
  return opened;
}

test('fleet with a facet, and every confirmation dialog of its actions', async () => {
  const { page, errors } = await openFleet();
  const severe = await checkSchemes(page, 'fleet');
  await page.locator('fieldset[data-facet=status] li', { hasText: 'DRAINING' }).getByRole('checkbox').check();
  await page.locator('.shown-count', { hasText: '2 of 14 hosts' }).waitFor();
  severe.push(...await checkSchemes(page, 'fleet, status facet DRAINING'));

  await page.locator('.fleet-rows [role=row]', { hasText: 'factory-line-05' }).getByRole('checkbox').check();
  // An active host too, so that both Drain (offered for hosts not draining) and Activate are offered.
  await page.locator('fieldset[data-facet=status] li', { hasText: 'DRAINING' }).getByRole('checkbox').uncheck();
  await page.locator('.fleet-rows [role=row]', { hasText: 'factory-line-01' }).getByRole('checkbox').check();
  const panel = page.getByRole('region', { name: 'Actions on the selected hosts' });
  for (const action of ['Drain', 'Activate', 'Deregister…', 'Update ECS agent…', 'Update SSM agent…']) {
    await panel.getByRole('button', { name: action, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    severe.push(...await checkSchemes(page, `fleet, confirm ${action}`));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  assertNone(severe);
  assert.deepEqual(errors, []);
});

test('an instance page, and its stop-task confirmation', async () => {
  const { page, errors } = await open('#/fleet');
  // Rows are pooled slots refilled as pages arrive: click a host's link once the load is over.
  await page.locator('.load-status .loaded').waitFor();
  await page.locator('.fleet-rows [role=row]', { hasText: 'factory-line-01' }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: 'factory-line-01' }).waitFor();
  await page.locator('.tasks').waitFor();
  const severe = await checkSchemes(page, 'instance page');
  await page.locator('.tasks').getByRole('button', { name: /^Stop task/ }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  severe.push(...await checkSchemes(page, 'instance page, confirm stop task'));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assertNone(severe);
  assert.deepEqual(errors, []);
});

test('each task definition tab, the builder with findings', async () => {
  const { page, errors } = await open('#/task-definitions');
  await page.getByText('signed in').waitFor();
  await page.locator('#td-json-file').setInputFiles({
    name: 'gpu.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({
      family: 'a11y-blocked', networkMode: 'awsvpc', requiresCompatibilities: ['EXTERNAL'],
      containerDefinitions: [{ name: 'app', image: 'busybox', memory: 128, essential: true }],
    }, null, 2)),
  });
  await page.locator('.finding.error').first().waitFor();
  const severe = await checkSchemes(page, 'task definitions: builder with findings');
  await page.getByLabel('Task definition JSON').fill('{"family": "broken",');
  await page.locator('.syntax-error').waitFor();
  severe.push(...await checkSchemes(page, 'task definitions: builder, JSON syntax error'));

  for (const [tab, ready] of [['existing', '.page'], ['run', '#run-cluster'], ['service', 'form']]) {
    const opened = await open(`#/task-definitions?tab=${tab}`);
    await opened.page.getByText('signed in').waitFor();
    await opened.page.locator(ready).first().waitFor();
    await opened.page.locator('[role=status]', { hasText: 'Loading…' }).waitFor({ state: 'detached' });
    severe.push(...await checkSchemes(opened.page, `task definitions: ${tab}`));
    errors.push(...opened.errors);
  }
  assertNone(severe);
  assert.deepEqual(errors, []);
});

test('onboarding: each step, with the Linux and the Windows command shown', async () => {
  const { page, errors } = await open('#/onboarding');
  await page.getByText('signed in').waitFor();
  const severe = await checkSchemes(page, 'onboarding');
  await page.getByRole('button', { name: 'Create activation' }).click();
  await page.locator('#install-command').waitFor();
  severe.push(...await checkSchemes(page, 'onboarding, Linux command shown'));
  await page.locator('#host-os').selectOption('windows-2022');
  await page.getByText('Run in PowerShell as administrator:').waitFor();
  // Step 2's role commands, folded away until asked for.
  await page.getByText('Create it with the AWS CLI').click();
  await page.getByText('Create it with CloudFormation').click();
  severe.push(...await checkSchemes(page, 'onboarding, Windows command and the role commands shown'));
  // The activations tab, with a deletion being confirmed.
  await page.getByRole('tab', { name: 'Activations' }).click();
  await page.locator('.activations-table').getByRole('button', { name: 'Delete' }).first().click();
  await page.getByRole('group', { name: 'Confirm delete' }).waitFor();
  severe.push(...await checkSchemes(page, 'onboarding: activations, confirming a deletion'));
  assertNone(severe);
  assert.deepEqual(errors, []);
});

test('settings', async () => {
  const { page, errors } = await open('#/settings');
  await page.getByText('signed in').waitFor();
  const severe = await checkSchemes(page, 'settings');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('.ok-message, .error-message').first().waitFor();
  severe.push(...await checkSchemes(page, 'settings, connection tested'));
  assertNone(severe);
  assert.deepEqual(errors, []);
});

test('the self-service build: its sign-in, and onboarding once signed in', async () => {
  const pool = await env.sandbox.control('user-pool');
  const site = await env.serve({
    region: 'us-east-1', endpoint: env.sandbox.url, cognitoIdentityPoolId: pool.identityPoolId,
    cognitoUserPoolId: pool.userPoolId, cognitoClientId: pool.clientId, cognitoDomain: pool.domain,
    pages: ['onboarding'], allowedClusters: [pool.cluster],
  }, '/self-service/', 'self-service');
  await env.sandbox.control('user-pool', { callbackUrl: `${site.url}index.html` });
  const { page, errors } = await openPage(env.browser, { bypassCSP: true });
  await page.goto(`${site.url}index.html`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const severe = await checkSchemes(page, 'self-service: sign-in');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill('alice@example.com');
  await page.getByLabel('Password').fill(pool.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as alice@example.com').waitFor();
  await page.getByRole('button', { name: 'Create activation' }).click();
  await page.locator('#install-command').waitFor();
  severe.push(...await checkSchemes(page, 'self-service: onboarding, command shown'));
  assertNone(severe);
  assert.deepEqual(errors, []);
});

/** A page that records what a screen reader would announce (see recordAnnouncements). */
async function openRecorded(hash) {
  const opened = await openPage(env.browser);
  await recordAnnouncements(opened.context);
  await opened.page.goto(`${env.site.url}index.html${hash}`);
  return opened;
}

/** Waits until `page` has announced `text` (a string or RegExp) with `politeness`. */
async function announced(page, politeness, text) {
  const matches = (entry) => entry.politeness === politeness
    && (typeof text === 'string' ? entry.text === text : text.test(entry.text));
  await until(async () => (await announcements(page)).some(matches),
    `announced (${politeness}) ${text}; so far: ${JSON.stringify(await announcements(page))}`);
}

test('status changes are announced: loading, hosts loaded, an action\'s result, its failure', async () => {
  await env.sandbox.control('faults/reset', {});
  const { page, errors } = await openRecorded('#/fleet');
  await announced(page, 'polite', 'Loading hosts…');
  await announced(page, 'polite', '14 hosts loaded.');

  // A drain: its progress and result, politely.
  const hostRow = page.locator('.fleet-rows [role=row]', { hasText: 'store-berlin-01' });
  await hostRow.getByRole('checkbox').check();
  const panel = page.getByRole('region', { name: 'Actions on the selected hosts' });
  await panel.getByRole('button', { name: 'Drain', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Drain 1 host' }).click();
  await announced(page, 'polite', 'Done on 1 of 1 host. store-berlin-01: Now DRAINING.');

  // An action that fails (AWS answers 500 to every attempt): an alert.
  await env.sandbox.control('faults', { fail: 3, operation: 'UpdateContainerInstancesState' });
  await panel.getByRole('button', { name: 'Activate', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Activate 1 host' }).click();
  await announced(page, 'assertive', /^Failed on 1 of 1 host\. store-berlin-01: .*HTTP 500/);

  // Put the host back as the seed has it, for the journeys after this one.
  await env.sandbox.control('faults/reset', {});
  await panel.getByRole('button', { name: 'Activate', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Activate 1 host' }).click();
  await announced(page, 'polite', 'Done on 1 of 1 host. store-berlin-01: Now ACTIVE.');
  assert.deepEqual(errors, []);
  // Closed: it refreshes by itself, spending later tests' sandbox calls.
  await page.context().close();
});

test('a fleet load that fails is announced as an alert, and what it could show politely', async () => {
  await env.sandbox.control('faults/reset', {});
  // Every ListClusters fails until the reset below, however many the page sends: with a count (three,
  // one call and its retries) the page's other ListClusters calls could take some and the last retry succeed.
  await env.sandbox.control('faults', { fail: 1000, operation: 'ListClusters' });
  const { page, errors } = await openRecorded('#/fleet');
  try {
    await announced(page, 'polite', 'Loading hosts…');
    await announced(page, 'assertive', /AWS had an internal error \(HTTP 500\)/);
    await announced(page, 'polite', 'Partial load: 0 hosts shown.');
    assert.deepEqual(errors, []);
  } finally {
    await env.sandbox.control('faults/reset', {});
    // Closed: it retries by itself, spending later tests' sandbox calls.
    await page.context().close();
  }
});

/** The elements of `selector` that stick out of the page's width, as `tag.class "text"`. */
const overflowing = (page, selector = 'body *') => page.locator(selector).evaluateAll((elements) => elements
  .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map((element) => `${element.tagName.toLowerCase()}.${element.className} "${element.textContent.trim().slice(0, 40)}"`));

test('onboarding on a 390 px wide phone: no sideways scrolling, the command readable and copyable', async () => {
  const { context, page, errors } = await env.open('#/onboarding', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText('signed in').waitFor();
  await page.getByRole('button', { name: 'Create activation' }).click();
  const command = page.locator('#install-command');
  await command.waitFor();
  await page.getByText('Hosts the firewall must allow').click();
  const width = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(width.scroll <= width.inner, `the page scrolls sideways (${width.scroll} > ${width.inner}): ${(await overflowing(page)).join(', ')}`);
  // The command wraps inside its box: every character on screen, none scrolled out of view.
  const box = await command.evaluate((pre) => ({ scroll: pre.scrollWidth, client: pre.clientWidth }));
  assert.ok(box.scroll <= box.client, `the command scrolls sideways (${box.scroll} > ${box.client})`);
  await command.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('onboarding-phone'), fullPage: true });
  await page.getByRole('button', { name: 'Copy command' }).tap();
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await command.textContent());
  assert.deepEqual(errors, []);
});

test('cluster cards: every figure inside its card and whole, CPU with its unit, the health bar with a legend', async () => {
  for (const width of [1400, 900, 390]) {
    const { page, errors, context } = await env.open('#/fleet', { viewport: { width, height: 900 } });
    await page.locator('.load-status .loaded').waitFor();
    const cards = await page.locator('.cluster-card').evaluateAll((all) => all.map((card) => {
      const edge = card.getBoundingClientRect();
      const outside = [...card.querySelectorAll('*')].filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > edge.right + 0.5 || box.left < edge.left - 0.5);
      }).map((element) => element.textContent.trim().slice(0, 30));
      // A count whose label or figure is wider than its cell spills into its neighbour.
      outside.push(...[...card.querySelectorAll('.cluster-counts > div')]
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 0.5).map((cell) => `${cell.textContent} (spills)`));
      const broken = [...card.querySelectorAll('.bar .figure')]
        .filter((figure) => figure.getClientRects().length > 1 || figure.scrollWidth > figure.clientWidth + 0.5)
        .map((figure) => figure.textContent);
      return {
        name: card.querySelector('h2').textContent,
        outside, broken,
        figures: [...card.querySelectorAll('.bar .figure')].map((figure) => figure.textContent),
        legend: [...card.querySelectorAll('.bar.bar-health .bar-legend li')].map((item) => item.textContent),
        healthLabel: card.querySelector('.bar.bar-health svg').getAttribute('aria-label'),
      };
    }));
    for (const card of cards) {
      assert.deepEqual(card.outside, [], `${width} px: ${card.name} has content outside its card`);
      assert.deepEqual(card.broken, [], `${width} px: ${card.name} has figures cut or wrapped`);
    }
    const factory = cards.find((card) => card.name === 'edge-factory');
    assert.match(factory.figures[0], /^CPU \d+ \/ \d+ CPU units$/);
    assert.match(factory.figures[1], /^\(\d+(\.\d)? vCPU\)$/);
    assert.match(factory.figures[2], /^Memory \d+ \/ \d+ MiB$/);
    // The legend says what the bar's colours mean, with the counts its text alternative gives.
    assert.ok(factory.legend.length >= 2, JSON.stringify(factory.legend));
    assert.equal(`Health: ${factory.legend.join(', ')}`, factory.healthLabel);
    if (width === 1400) await page.locator('.clusters-overview').screenshot({ path: screenshotPath('cluster-cards') });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('screenshots for the README, light and dark: fleet, onboarding with a command, builder', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const viewport = { width: 1400, height: 900 };
    const fleet = await env.open('#/fleet', { viewport, colorScheme });
    await fleet.page.locator('.load-status .loaded').waitFor();
    await fleet.page.locator('fieldset[data-facet=status] li', { hasText: 'DRAINING' }).getByRole('checkbox').check();
    await fleet.page.locator('.shown-count', { hasText: '2 of 14 hosts' }).waitFor();
    await fleet.page.screenshot({ path: readmeScreenshotPath(`fleet-${colorScheme}`) });

    const onboarding = await env.open('#/onboarding', { viewport, colorScheme });
    await onboarding.page.getByText('signed in').waitFor();
    await onboarding.page.getByRole('button', { name: 'Create activation' }).click();
    await onboarding.page.locator('#install-command').waitFor();
    await onboarding.page.getByText('5. Install command').scrollIntoViewIfNeeded();
    await onboarding.page.evaluate(() => document.querySelector('.activation-created').scrollIntoView());
    await onboarding.page.screenshot({ path: readmeScreenshotPath(`onboarding-${colorScheme}`) });

    const builder = await env.open('#/task-definitions', { viewport, colorScheme });
    await builder.page.getByText('signed in').waitFor();
    await builder.page.locator('#td-json-file').setInputFiles({
      name: 'telemetry.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({
        family: 'factory-telemetry', networkMode: 'awsvpc', requiresCompatibilities: ['EXTERNAL'],
        containerDefinitions: [{ name: 'probe', image: 'public.ecr.aws/docker/library/busybox:stable', memory: 128, essential: true }],
      }, null, 2)),
    });
    await builder.page.locator('.json-lines .line-number.error').first().waitFor();
    await builder.page.screenshot({ path: readmeScreenshotPath(`task-definitions-${colorScheme}`) });
    for (const opened of [fleet, onboarding, builder]) {
      assert.deepEqual(opened.errors, []);
      await opened.context.close();
    }
  }
});

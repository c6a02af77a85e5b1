// Onboarding against the sandbox: create an activation in the wizard, run the page's Linux command
// in a shell against the sandbox's install stand-in, and watch the host join.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostEnvironment as hostEnvironmentIn, journey, runBash, screenshotPath, until } from './harness.mjs';

const EXPIRED_ACTIVATION = '9c2f5a63-0d7e-4b8a-9f1e-5c3d2b1a0e11';

let hostDir;
const env = journey({
  setup: async () => {
    hostDir = mkdtempSync(join(tmpdir(), 'anywhere-host-'));
  },
  teardown: async () => {
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  },
});

function hostEnvironment() {
  return hostEnvironmentIn(hostDir, env.sandbox.url);
}

async function openOnboarding(hash = '#/onboarding') {
  const opened = await env.open(`${hash}`);
  await opened.page.getByText('signed in').waitFor();
  return opened;
}

test('an activation made in the wizard registers a host whose attributes reach the cluster', async () => {
  await env.sandbox.control('counters/reset', {});
  const { context, page, errors } = await openOnboarding();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  // 1. A new cluster, after an invalid name is refused.
  await page.getByLabel('Create a new cluster').check();
  await page.locator('#new-cluster-name').fill('edge munich');
  await page.getByRole('alert').filter({ hasText: 'cannot contain' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create cluster' }).isDisabled(), true);
  await page.locator('#new-cluster-name').fill('edge-munich');
  await page.getByRole('button', { name: 'Create cluster' }).click();
  await page.getByRole('status').filter({ hasText: 'Cluster edge-munich created.' }).waitFor();
  assert.equal(await page.locator('#cluster-select').inputValue(), 'edge-munich');

  // 3. Activation options, 4. host with two custom attributes.
  await page.locator('#registration-limit').fill('2');
  await page.locator('#activation-description').fill('Munich rollout');
  await page.locator('#host-os').selectOption('ubuntu-22');
  for (const [i, [name, value]] of [['site', 'munich'], ['tier', 'edge']].entries()) {
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.locator(`#attribute-name-${i}`).fill(name);
    await page.locator(`#attribute-value-${i}`).fill(value);
  }
  await page.screenshot({ path: screenshotPath('onboarding-wizard'), fullPage: true });

  // 5. Create it: id and code shown once, and the command.
  await page.getByRole('button', { name: 'Create activation' }).click();
  const command = page.locator('#install-command');
  await command.waitFor();
  const activationId = (await page.locator('#activation-id').textContent()).trim();
  const code = (await page.locator('#activation-code').textContent()).trim();
  assert.match(activationId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  await page.getByText('The activation code is shown only now').waitFor();
  const shown = await command.textContent();
  assert.ok(shown.includes(`--activation-code '${code}'`), shown);
  assert.ok(shown.includes("--cluster 'edge-munich'"), shown);
  assert.ok(shown.includes('ECS_INSTANCE_ATTRIBUTES={"site":"munich","tier":"edge"}'), shown);
  assert.ok(shown.includes("curl --proto '=https' --fail -o"), shown);
  await page.getByText('Hosts the firewall must allow (14)').click();
  await page.locator('#firewall-hosts').getByText('ssmmessages.us-east-1.amazonaws.com').waitFor();
  await page.locator('#firewall-hosts').getByText('download.docker.com').waitFor();

  // Copy it from the page, as a user does, and run exactly that text on the fake host.
  await page.getByRole('button', { name: 'Copy command' }).click();
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, shown);
  await page.getByText('No host has registered with this activation yet').waitFor();
  const host = hostEnvironment();
  const run = await runBash(copied, host.env);
  assert.equal(run.code, 0, `the command failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(readFileSync(host.config, 'utf8'), /^ECS_INSTANCE_ATTRIBUTES=\{"site":"munich","tier":"edge"\}$/m);

  // The waiting room sees it through all three stages, with the attributes from ECS.
  const row = page.locator('.waiting-room tbody tr');
  await row.locator('td.stage.done').nth(2).waitFor({ timeout: 30_000 });
  assert.equal(await row.count(), 1);
  assert.deepEqual(await row.locator('td.stage').allTextContents(), ['✓ done', '✓ done', '✓ done']);
  assert.deepEqual(await row.locator('td.attributes code').allTextContents(), ['site=munich', 'tier=edge']);
  await page.locator('.waiting-room').getByText('Registrations 1 / 2').waitFor();
  await page.locator('.waiting-room').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('onboarding-waiting-room'), fullPage: true });

  // Hidden tab: the waiting room pauses (its loop waits for visibility), and resumes when shown.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.getByText('Paused while this tab is hidden.').waitFor({ timeout: 30_000 });
  const looks = async () => (await env.sandbox.control('counters')).operations['ssm:DescribeInstanceInformation'];
  const whilePaused = await looks();
  await page.evaluate(() => {
    delete document.visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.getByText('Checking every few seconds.').waitFor();
  await until(async () => (await looks()) > whilePaused, 'the waiting room looks again once visible');

  const counters = (await env.sandbox.control('counters')).operations;
  assert.equal(counters['ssm:CreateActivation'], 1, JSON.stringify(counters));
  assert.ok(counters['ecs:DescribeContainerInstances'] >= 1, JSON.stringify(counters));
  assert.deepEqual(errors, []);
});

test('a China region is refused with the seed reason', async () => {
  const { page, errors } = await openOnboarding('#/settings');
  await page.locator('#region').selectOption('cn-north-1');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Onboarding' }).click();
  await page.getByRole('alert').filter({
    hasText: 'Registering external instances with ECS Anywhere is not supported in the China (Beijing) and China (Ningxia) Regions.',
  }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Create activation' }).isDisabled(), true);
  assert.deepEqual(errors, []);
});

test('an expired activation is explained in the wizard and in the list, and can be deleted', async () => {
  const { page, errors } = await openOnboarding();
  await page.locator('#cluster-select').selectOption('edge-factory');
  await page.getByLabel('Use an activation I already have').check();
  await page.locator('#existing-activation-id').fill(EXPIRED_ACTIVATION);
  await page.locator('#existing-activation-code').fill('AbCdEfGhIjKlMnOpQrSt');
  await page.getByRole('button', { name: 'Use this activation' }).click();
  await page.getByRole('alert').filter({ hasText: 'This activation has expired' }).waitFor();
  assert.equal(await page.locator('#install-command').count(), 0);
  assert.equal(await page.locator('#existing-activation-id').inputValue(), EXPIRED_ACTIVATION);

  await page.getByRole('tab', { name: 'Activations' }).click();
  assert.match(page.url(), /#\/onboarding\?tab=activations$/);
  const expired = page.locator(`tr[data-activation="${EXPIRED_ACTIVATION}"]`);
  await expired.getByText('This activation has expired').waitFor();
  await page.screenshot({ path: screenshotPath('onboarding-activations'), fullPage: true });
  await expired.getByRole('button', { name: 'Delete' }).click();
  await expired.getByRole('button', { name: 'Confirm delete' }).click();
  await page.getByRole('status').filter({ hasText: `Activation ${EXPIRED_ACTIVATION} deleted.` }).waitFor();
  assert.equal(await expired.count(), 0);
  assert.deepEqual(errors, []);
});

test('a self-service link pre-fills the wizard; the code travels only after # and leaves the address bar', async () => {
  const { context, page, errors } = await openOnboarding();
  await page.locator('#cluster-select').selectOption('lab');
  await page.locator('#host-os').selectOption('rhel-7');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  await page.locator('#attribute-name-0').fill('site');
  await page.locator('#attribute-value-0').fill('lab 2');
  await page.getByRole('button', { name: 'Create activation' }).click();
  const code = (await page.locator('#activation-code').textContent()).trim();
  const linkBox = page.locator('#self-service-link');
  assert.ok(!(await linkBox.textContent()).includes(code));
  await page.locator('#link-include-code').check();
  await page.getByText('This link contains the activation code').waitFor();
  const link = await linkBox.textContent();
  const [beforeHash] = link.split('#');
  assert.ok(!beforeHash.includes(code) && link.includes(`code=${encodeURIComponent(code)}`), link);
  assert.ok(!/secret|AKIA/i.test(link), link);

  const other = await context.newPage();
  await other.goto(link);
  await other.getByText('Filled in from a self-service link').waitFor();
  assert.equal(await other.locator('#cluster-select').inputValue(), 'lab');
  assert.equal(await other.locator('#host-os').inputValue(), 'rhel-7');
  assert.equal(await other.locator('#attribute-value-0').inputValue(), 'lab 2');
  assert.equal(await other.locator('#existing-activation-code').inputValue(), code);
  assert.ok(!other.url().includes(code), other.url());
  await other.getByRole('button', { name: 'Use this activation' }).click();
  const shown = await other.locator('#install-command').textContent();
  assert.ok(shown.includes("--docker-install-source 'none'"), shown);
  assert.deepEqual(errors, []);
});

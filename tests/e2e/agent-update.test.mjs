// Updating the ECS agent of one host from its instance page through SSM Run Command, followed to the
// end: on a connected host the upgrade runs and the host reports its new agent; on a disconnected
// one the command waits, Pending as on AWS, until the host is back, then runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, screenshotPath, until } from './harness.mjs';

const env = journey();

const counters = async () => (await env.sandbox.control('counters')).operations;

async function openInstance(hostname) {
  const opened = await env.open('#/fleet');
  const { page } = opened;
  await page.locator('.load-status .loaded').waitFor();
  await page.locator('.fleet-rows [role=row]', { hasText: hostname }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: hostname }).waitFor();
  return opened;
}

/** The value of a row of the instance page's details. */
const detail = (page, name) => page.locator('dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');

/** Asks for the ECS agent update, checks what the dialog will run, and runs it through Run Command. */
async function runUpdate(page, packageFile) {
  await page.getByRole('button', { name: 'Update ECS agent…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('UpdateContainerAgent is not supported').waitFor();
  const commands = await dialog.locator('pre.command').textContent();
  assert.ok(commands.includes(packageFile), commands);
  assert.ok(commands.includes('systemctl restart ecs'), commands);
  await dialog.getByRole('button', { name: 'Run through SSM Run Command' }).click();
  return page.locator('.action-results tbody tr');
}

test('a connected host runs the ecs-init upgrade and reports the new agent', async () => {
  await env.sandbox.control('counters/reset', {});
  const { page, errors } = await openInstance('factory-gw-01');
  assert.equal((await detail(page, 'ECS agent version').textContent()).trim(), '1.70.0');
  const results = await runUpdate(page, 'amazon-ecs-init-latest.amd64.deb');
  await results.locator('td.status-ok', { hasText: 'Run Command: Success' }).waitFor({ timeout: 30_000 });
  assert.equal(await results.count(), 1);
  const ops = await counters();
  assert.equal(ops['ssm:SendCommand'], 1, JSON.stringify(ops));
  assert.ok(ops['ssm:ListCommandInvocations'] >= 1, JSON.stringify(ops));
  assert.equal(ops['ecs:UpdateContainerAgent'], undefined);
  await page.screenshot({ path: screenshotPath('fleet-agent-update'), fullPage: true });

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'factory-gw-01' }).waitFor();
  await until(async () => (await detail(page, 'ECS agent version').textContent()).trim() === '1.89.2',
    'the instance page shows the upgraded agent');
  assert.deepEqual(errors, []);
});

test('a disconnected host keeps the command Pending until it is back, then runs it', async () => {
  const { page, errors } = await openInstance('factory-line-04');
  const results = await runUpdate(page, 'amazon-ecs-init-latest.arm64.deb');
  await results.locator('td.working', { hasText: 'Run Command: Pending' }).waitFor({ timeout: 30_000 });
  // A few polls later it is still waiting: SSM keeps it for TimeoutSeconds plus executionTimeout.
  const polls = async () => (await counters())['ssm:ListCommandInvocations'] ?? 0;
  const seen = await polls();
  await until(async () => (await polls()) >= seen + 2, 'two more polls of the command', 30_000);
  assert.match(await results.textContent(), /Run Command: Pending/);

  const managed = (await detail(page, 'Managed instance id').textContent()).trim();
  await env.sandbox.control('host-state', { instanceId: managed, pingStatus: 'Online', agentConnected: true });
  await results.locator('td.status-ok', { hasText: 'Run Command: Success' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(errors, []);
});

// The task definition journey against the sandbox: an awsvpc import is blocked with its reason,
// fixed in the form, registered, run with a memberOf constraint, and found on a matching host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, screenshotPath } from './harness.mjs';

// The demo seed's connected hosts with `site=munich` (sandbox/anywhere_sandbox/seed.py).
const MUNICH_HOSTS = ['factory-line-01', 'factory-line-02', 'factory-gw-01', 'factory-win-01'];

const AWSVPC_DEFINITION = {
  family: 'e2e-telemetry',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['EXTERNAL'],
  containerDefinitions: [{
    name: 'probe', image: 'public.ecr.aws/docker/library/busybox:stable', memory: 128, essential: true,
    command: ['sleep', '3600'],
  }],
};

const env = journey();

test('import awsvpc, see it blocked, fix it in the form, register, run on a munich host', async () => {
  const { page, errors } = await env.open('#/task-definitions');
  await page.getByText('signed in').waitFor();
  const register = page.getByRole('button', { name: 'Register', exact: true });

  await page.locator('#td-json-file').setInputFiles({
    name: 'telemetry.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(AWSVPC_DEFINITION, null, 2)),
  });
  const networkMode = page.getByLabel('Network mode');
  await page.locator('.field.has-error #td-networkMode').waitFor();
  assert.equal(await networkMode.getAttribute('aria-invalid'), 'true');
  assert.ok(await register.isDisabled(), 'Register must be disabled while awsvpc stands');
  const reason = await page.locator('#td-register-blocked').textContent();
  assert.match(reason, /networkMode/);
  assert.match(reason, /awsvpc/);
  const finding = page.locator('.finding.error', { hasText: 'networkMode' });
  assert.match(await finding.textContent(), /seed: Considerations/);
  assert.equal(await page.getByLabel('Family').inputValue(), 'e2e-telemetry');
  await page.screenshot({ path: screenshotPath('task-definitions-blocked'), fullPage: true });

  await networkMode.selectOption('bridge');
  await page.waitForFunction(() => !document.querySelector('#td-register').disabled);
  assert.match(await page.getByLabel('Task definition JSON').inputValue(), /"networkMode": "bridge"/);
  assert.equal(await page.locator('.field.has-error').count(), 0);
  assert.equal(await networkMode.getAttribute('aria-invalid'), null);

  await register.click();
  const registered = page.locator('.registered');
  await registered.waitFor();
  assert.match(await registered.textContent(), /e2e-telemetry:1/);
  await page.screenshot({ path: screenshotPath('task-definitions-registered'), fullPage: true });

  await registered.getByRole('link', { name: 'Run a task' }).click();
  await page.getByRole('button', { name: 'Run task' }).waitFor();
  assert.match(await page.getByLabel('Task definition', { exact: true }).inputValue(), /task-definition\/e2e-telemetry:1$/);
  await page.locator('#run-cluster option[value="edge-factory"]').waitFor({ state: 'attached' });
  await page.getByLabel('Cluster').selectOption('edge-factory');
  await page.getByLabel('Count').fill('2');
  await page.getByRole('button', { name: 'Add constraint' }).click();
  // The condition builder, with the fleet's attribute names and values as suggestions.
  await page.locator('.suggestions', { hasText: /Attribute suggestions from \d+ hosts/ }).waitFor();
  await page.getByLabel('Attribute', { exact: true }).fill('site');
  await page.getByLabel('Value', { exact: true }).fill('munich');
  await page.getByRole('button', { name: 'Add condition' }).click();
  assert.equal(await page.getByLabel('Expression').inputValue(), 'attribute:site == munich');
  assert.match(await page.getByLabel('RunTask request JSON').inputValue(), /"expression": "attribute:site == munich"/);

  await page.getByRole('button', { name: 'Run task' }).click();
  const rows = page.locator('tr.placed');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  for (const row of await rows.all()) {
    const hostname = (await row.locator('.hostname').textContent()).trim();
    assert.ok(MUNICH_HOSTS.includes(hostname), `task placed on ${hostname}, not a munich host`);
    assert.match(await row.locator('.managed-id').textContent(), /^mi-[0-9a-f]{17}$/);
    assert.match(await row.locator('.host-attributes').textContent(), /\bsite=munich\b/);
  }
  await page.screenshot({ path: screenshotPath('task-definitions-run'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('a JSON syntax error keeps the text and shows line and column; the draft survives a reload', async () => {
  const { page, errors } = await env.open('#/task-definitions?tab=builder');
  const editor = page.getByLabel('Task definition JSON');
  await editor.waitFor();
  const broken = '{\n  "family": "draft-web"\n  "cpu": "256"\n}';
  await editor.fill(broken);
  await page.locator('.syntax-error', { hasText: 'line 3, column 3' }).waitFor();
  assert.equal(await editor.inputValue(), broken);
  assert.ok(await page.locator('#td-register').isDisabled());

  await page.reload();
  await editor.waitFor();
  assert.equal(await editor.inputValue(), broken);
  await page.locator('.syntax-error', { hasText: 'line 3, column 3' }).waitFor();
  assert.deepEqual(errors, []);
});

test('a run request with a load balancer is refused with its reason', async () => {
  const { page, errors } = await env.open('#/task-definitions?tab=run');
  const editor = page.getByLabel('RunTask request JSON');
  await editor.waitFor();
  await editor.fill(JSON.stringify({
    cluster: 'lab', taskDefinition: 'lab-probe:1', launchType: 'EXTERNAL',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
  }));
  const reason = page.locator('#run-blocked');
  await reason.filter({ hasText: 'networkConfiguration' }).waitFor();
  assert.ok(await page.locator('#run-submit').isDisabled());
  assert.equal(await page.locator('.finding.error').count(), 1);
  assert.deepEqual(errors, []);
});

test('the compatibility scan lints every ACTIVE definition of the region', async () => {
  const { page, errors } = await env.open('#/task-definitions?tab=existing');
  await page.getByRole('button', { name: 'factory-telemetry' }).click();
  await page.getByRole('cell', { name: 'factory-telemetry:1' }).waitFor();
  await page.getByRole('button', { name: 'Scan all ACTIVE task definitions' }).click();
  const summary = page.locator('.scan-summary');
  await summary.filter({ hasText: /^(\d+) of \1 scanned/ }).waitFor();
  const text = await summary.textContent();
  const total = Number(text.match(/of (\d+) scanned/)[1]);
  assert.ok(total >= 3, text);
  assert.equal(await page.locator('.scan-table tbody tr').count(), total);
  assert.equal(await page.locator('.scan-table tr[data-definition="lab-probe:1"] td.status-ok').count(), 1);
  assert.deepEqual(errors, []);
});

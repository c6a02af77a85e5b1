// The console in sandbox mode: configured by config.json, signing requests the sandbox verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, screenshotPath } from './harness.mjs';

const env = journey();

test('the console lists the demo clusters with requests the sandbox verified', async () => {
  await env.sandbox.control('counters/reset', {});
  const { page, errors } = await env.open('#/settings');
  await page.locator('.badge.sandbox', { hasText: 'Local sandbox' }).waitFor();
  await page.getByText('signed in').waitFor();

  await page.getByRole('button', { name: 'Test connection' }).click();
  const status = page.getByRole('status');
  await status.waitFor();
  const text = await status.textContent();
  for (const cluster of ['edge-factory', 'retail-stores', 'lab']) {
    assert.match(text, new RegExp(cluster));
  }
  const counters = await env.sandbox.control('counters');
  assert.ok(counters.operations['ecs:ListClusters'] >= 1, JSON.stringify(counters));
  await page.screenshot({ path: screenshotPath('sandbox-connected'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('a wrong secret is refused by the sandbox and explained, keeping what was typed', async () => {
  const { page, errors } = await env.open('#/settings');
  await page.getByText('signed in').waitFor();
  await page.getByLabel('Secret access key').fill('not-the-right-secret');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('alert').filter({ hasText: 'secret access key does not match' }).waitFor();
  assert.equal(await page.getByLabel('Secret access key').inputValue(), 'not-the-right-secret');
  assert.deepEqual(errors, []);
});

test('a clock more than five minutes off is corrected once and the request succeeds', async () => {
  await env.sandbox.control('clock', { shiftSeconds: 3600 });
  try {
    const { page, errors } = await env.open('#/settings');
    await page.getByText('signed in').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await env.sandbox.control('clock', { reset: true });
  }
});

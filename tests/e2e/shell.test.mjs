// The shell from a plain static host under a sub-path: deep link, reload, navigation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, screenshotPath } from './harness.mjs';

const env = journey({ seed: null, prefix: '/some/prefix/', config: null });

test('a deep link under a sub-path survives a reload and the navigation works', async () => {
  const { page, errors } = await env.open('#/settings');
  await page.getByRole('heading', { name: 'Settings' }).waitFor();

  await page.reload();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  assert.match(page.url(), /\/some\/prefix\/index\.html#\/settings$/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fleet' }).click();
  await page.getByRole('heading', { name: 'Fleet' }).waitFor();
  assert.match(page.url(), /#\/fleet$/);
  const current = await page.locator('nav a[aria-current="page"]').textContent();
  assert.equal(current, 'Fleet');

  await page.goBack();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();

  // Every asset came from under the prefix: relative URLs, no server help.
  const outside = env.site.requests.filter((p) => !p.startsWith('/some/prefix/'));
  assert.deepEqual(outside, []);
  await page.screenshot({ path: screenshotPath('shell-settings'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('credentials typed in Settings stay out of storage and the URL unless remembered', async () => {
  const { page, errors } = await env.open('#/settings');
  await page.getByLabel('Access key ID').fill('AKIDEXAMPLE');
  await page.getByLabel('Secret access key').fill('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  await page.getByText('signed in').waitFor();

  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.doesNotMatch(stored, /EXAMPLEKEY/);
  assert.doesNotMatch(page.url(), /EXAMPLEKEY/);

  await page.getByLabel(/Remember for this tab/).check();
  const remembered = await page.evaluate(() => sessionStorage.getItem('anywhere.connection') ?? '');
  assert.match(remembered, /EXAMPLEKEY/);
  assert.equal(await page.evaluate(() => localStorage.length), 0);

  await page.reload();
  await page.getByText('signed in').waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('signed out').waitFor();
  assert.equal(await page.getByLabel('Secret access key').inputValue(), '');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('anywhere.connection')), null);
  assert.deepEqual(errors, []);
});

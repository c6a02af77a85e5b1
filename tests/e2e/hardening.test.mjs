// Hardening: the CSP is in the built page and nothing breaks under it; values from AWS carrying
// HTML and script stay text; signing out leaves no secret behind; no request leaves for a third party.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST } from '../../scripts/static-server.mjs';
import { journey, openPage, screenshotPath } from './harness.mjs';

let secret;
const env = journey({
  setup: async ({ sandbox }) => {
    secret = (await sandbox.control('config')).secretAccessKey;
  },
});

/** A page that records CSP violations and every request it makes. */
async function watchedPage() {
  const opened = await openPage(env.browser);
  const requests = [];
  opened.page.on('request', (request) => requests.push(request.url()));
  await opened.page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { ...opened, requests };
}

async function noViolations(page) {
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
}

function thirdParty(requests) {
  const allowed = [new URL(env.site.url).origin, env.sandbox.url];
  return requests.filter((url) => !allowed.includes(new URL(url).origin));
}

test('the built index.html carries the CSP and no inline script', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(meta, 'no CSP meta in index.html');
  const directives = meta[1].split('; ');
  for (const directive of [
    "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:",
    "base-uri 'self'", "form-action 'none'",
  ]) {
    assert.ok(directives.includes(directive), `missing ${directive}`);
  }
  // connect-src: exactly the service hosts of each offered region, and loopback for the sandbox;
  // no wildcard that would admit any S3 bucket or API Gateway under amazonaws.com.
  const connect = directives.find((d) => d.startsWith('connect-src ')).split(' ').slice(1);
  assert.equal(connect[0], "'self'");
  for (const source of [
    'https://ecs.eu-west-1.amazonaws.com', 'https://ssm.eu-west-1.amazonaws.com', 'https://sts.eu-west-1.amazonaws.com',
    'https://cognito-identity.eu-west-1.amazonaws.com', 'https://cognito-idp.eu-west-1.amazonaws.com',
    'https://ecs.cn-north-1.amazonaws.com.cn', 'https://ssm.eusc-de-east-1.amazonaws.eu',
    'http://127.0.0.1:*', 'http://localhost:*',
  ]) {
    assert.ok(connect.includes(source), `connect-src lacks ${source}`);
  }
  assert.deepEqual(connect.filter((source) => source.includes('*.')), []);
  assert.deepEqual(connect.filter((source) => source.startsWith('http:') && !/^http:\/\/(127\.0\.0\.1|localhost):\*$/.test(source)), []);
  assert.ok(html.indexOf(meta[0]) < html.indexOf('<script'), 'the policy must precede every script');
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0);
  for (const [, attributes, body] of scripts) {
    assert.match(attributes, /src="\.\/start-[0-9a-f]{16}\.js" integrity="sha384-/);
    assert.equal(body.trim(), '');
  }
});

test('every page works under the CSP and a signed call succeeds', async () => {
  const { page, errors, requests } = await watchedPage();
  for (const [route, heading] of [
    ['onboarding', 'Onboarding'], ['task-definitions', 'Task definitions'], ['fleet', 'Fleet'], ['settings', 'Settings'],
  ]) {
    await page.goto(`${env.site.url}index.html#/${route}`);
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
    await noViolations(page);
  }
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('status').filter({ hasText: 'edge-factory' }).waitFor();
  await noViolations(page);
  assert.deepEqual(thirdParty(requests), []);
  assert.deepEqual(errors, []);
});

test('the policy refuses other amazonaws.com hosts: an S3 bucket, an API Gateway', async () => {
  const { page, errors } = await watchedPage();
  await page.goto(`${env.site.url}index.html#/settings`);
  await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  for (const url of ['https://attacker-bucket.s3.amazonaws.com/x', 'https://abc123.execute-api.us-east-1.amazonaws.com/']) {
    const outcome = await page.evaluate((target) => fetch(target).then(() => 'sent', () => 'refused'), url);
    assert.equal(outcome, 'refused', url);
  }
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations.map((v) => v.split(' ')[0]), ['connect-src', 'connect-src']);
  assert.deepEqual(errors, []);
});

test('names from AWS carrying HTML and script are shown as text and never run', async () => {
  const cluster = 'hostile-<img src=x onerror="window.__pwned=1">';
  await env.sandbox.control('hostile-host', { cluster });
  const { page, errors, requests } = await watchedPage();
  await page.goto(`${env.site.url}index.html#/settings`);
  await page.getByText('signed in').waitFor();
  await page.getByRole('button', { name: 'Test connection' }).click();
  const status = page.getByRole('status').filter({ hasText: 'hostile-' });
  await status.waitFor();
  assert.match(await status.textContent(), /hostile-<img src=x onerror="window\.__pwned=1">/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('main img, main [onerror], main [onload], main script').count(), 0);
  await page.screenshot({ path: screenshotPath('hardening-hostile-cluster'), fullPage: true });
  await noViolations(page);
  assert.deepEqual(thirdParty(requests), []);
  assert.deepEqual(errors, []);
});

test('hosts whose names, attributes and tags carry payloads are listed as text on the Fleet page', async () => {
  const hostile = await env.sandbox.control('hostile-host', { cluster: 'edge-factory' });
  const { page, errors } = await watchedPage();
  await page.goto(`${env.site.url}index.html#/fleet`);
  await page.getByText('evil-<img src=x onerror="window.__pwned=1">').first().waitFor({ timeout: 15_000 });

  // A right-to-left override in an attribute is shown as a marker, inside its own isolate: it can
  // neither reverse its own value ("invoiceexe.pdf") nor the attributes after it.
  const shown = hostile.bidi.replace('\u202e', '⟨U+202E⟩');
  assert.equal(shown, 'invoice⟨U+202E⟩fdp.exe');
  const row = page.locator(`.fleet-rows [role=row][data-key="${hostile.containerInstanceArn}"]`);
  // Only the rows and columns in view are drawn: search for the host, then scroll the table to its
  // last columns, Attributes among them.
  await page.getByLabel('Search hosts').fill('invoice');
  await row.waitFor();
  await page.locator('.fleet-table').evaluate((table) => { table.scrollLeft = table.scrollWidth; });
  const cell = row.locator('[role=gridcell].aws-text', { hasText: `file=${shown}` });
  await cell.waitFor();
  assert.equal(await cell.count(), 1);
  assert.ok((await cell.textContent()).includes(`\u2068file=${shown}\u2069`), 'each attribute isolated');
  assert.ok(!(await row.textContent()).includes('\u202e'));
  assert.equal(await cell.evaluate((element) => getComputedStyle(element).unicodeBidi), 'isolate');

  // The instance page shows every field: the attribute and tag payloads must be there as text.
  const arn = encodeURIComponent(hostile.containerInstanceArn);
  await page.goto(`${env.site.url}index.html#/fleet?instance=${arn}&cluster=edge-factory`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'evil-' }).waitFor();
  const text = await page.locator('main').innerText();
  for (const payload of hostile.payloads) {
    assert.ok(text.includes(payload), `payload shown as text: ${payload}`);
  }
  assert.ok(!text.includes('\u202e'), 'no raw override on the instance page');
  const values = page.locator('main bdi.aws-text', { hasText: 'invoice⟨U+202E⟩fdp.exe' });
  assert.equal(await values.count(), 2, 'the attribute and the tag');
  for (const value of await values.all()) {
    assert.equal(await value.evaluate((element) => getComputedStyle(element).unicodeBidi), 'isolate');
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('main img, main [onerror], main [onload], main script, main iframe').count(), 0);
  await page.screenshot({ path: screenshotPath('hardening-hostile-host'), fullPage: true });
  await noViolations(page);
  assert.deepEqual(errors, []);
});

test('after a remembered session and Sign out, no secret is left in storage or the URL', async () => {
  const { page, errors, requests } = await watchedPage();
  await page.goto(`${env.site.url}index.html#/settings`);
  await page.getByText('signed in').waitFor();
  await page.getByLabel('Remember for this tab').check();
  await page.waitForFunction((s) => JSON.stringify({ ...sessionStorage }).includes(s), secret);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('status').filter({ hasText: 'edge-factory' }).waitFor();

  // A task definition draft holding an environment value is kept in this browser, and says so.
  await page.getByRole('link', { name: 'Task definitions' }).click();
  await page.getByLabel('Family', { exact: true }).fill('draft-with-DB_PASSWORD-hunter2');
  await page.locator('.draft-note', { hasText: 'kept in this browser until you sign out' }).waitFor();
  await page.waitForFunction(() => JSON.stringify({ ...localStorage }).includes('hunter2'));

  await page.getByRole('link', { name: 'Onboarding' }).click();
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByText('signed out').waitFor();
  const left = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!left.includes(secret), 'a secret stayed in storage');
  assert.ok(!left.includes('hunter2'), 'the draft stayed in storage');
  assert.ok(!page.url().includes(secret));
  await page.getByRole('link', { name: 'Settings' }).click();
  assert.equal(await page.getByLabel('Secret access key').inputValue(), '');
  // A reload must not bring the session back.
  await page.reload();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  const again = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!again.includes(secret));
  for (const url of requests) assert.ok(!url.includes(secret), `secret in a request URL: ${url}`);
  assert.deepEqual(thirdParty(requests), []);
  await noViolations(page);
  assert.deepEqual(errors, []);
});

test('the builder can keep no draft in this browser', async () => {
  const { page, errors } = await watchedPage();
  await page.goto(`${env.site.url}index.html#/task-definitions`);
  await page.getByLabel('Family', { exact: true }).fill('kept-nowhere-x1');
  await page.waitForFunction(() => JSON.stringify({ ...localStorage }).includes('kept-nowhere-x1'));
  await page.getByLabel('Keep drafts in this browser').uncheck();
  await page.locator('.draft-note', { hasText: 'nothing is stored in this browser' }).waitFor();
  assert.ok(!JSON.stringify(await page.evaluate(() => ({ ...localStorage }))).includes('kept-nowhere-x1'));
  await page.getByLabel('Family', { exact: true }).fill('kept-nowhere-x2');
  // Still kept while the page is open (another tab of the builder and back)…
  await page.getByRole('link', { name: 'Fleet' }).click();
  await page.getByRole('link', { name: 'Task definitions' }).click();
  assert.equal(await page.getByLabel('Family', { exact: true }).inputValue(), 'kept-nowhere-x2');
  assert.ok(!JSON.stringify(await page.evaluate(() => ({ ...localStorage }))).includes('kept-nowhere-x2'));
  // …and gone after a reload, with the choice remembered.
  await page.reload();
  await page.getByLabel('Keep drafts in this browser').waitFor();
  assert.equal(await page.getByLabel('Keep drafts in this browser').isChecked(), false);
  assert.notEqual(await page.getByLabel('Family', { exact: true }).inputValue(), 'kept-nowhere-x2');
  await page.getByLabel('Keep drafts in this browser').check();
  assert.deepEqual(errors, []);
});

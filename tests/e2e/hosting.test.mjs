// The console deployed for guests: served from a bucket sub-path with a config.json that shows only
// onboarding and names a Cognito identity pool (the sandbox's) whose guests get credentials, which
// the deployment must ask for in so many words ("allowGuests": true). Sign-in through a user pool
// has its own journeys (selfservice.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey, openPage, screenshotPath, until } from './harness.mjs';

let poolId;
let guestRoleArn;
// Each test serves its own deployment (env.serve) over the same sandbox: a guest deployment that
// shows onboarding alone gets the self-service build (dist-self-service/), the others the admin
// build (they use Settings' Test connection, which only the admin build has).
const env = journey({
  config: null,
  prefix: '/self-service/',
  setup: async ({ sandbox }) => {
    ({ identityPoolId: poolId, guestRoleArn } = await sandbox.control('cognito'));
  },
});

async function counter(name) {
  return (await env.sandbox.control('counters')).operations[name] ?? 0;
}

test('guests sign in only where config.json allows them, and the page then says it is open to anyone', async () => {
  const fetched = await counter('cognito-identity:GetId');
  const implicit = await env.serve(JSON.stringify({
    region: 'us-east-1', endpoint: env.sandbox.url, pages: ['onboarding'], cognitoIdentityPoolId: poolId,
  }), '/self-service/', 'self-service');
  const { page, errors } = await openPage(env.browser);
  await page.goto(`${implicit.url}index.html`);
  await page.getByRole('alert').filter({ hasText: 'say how people sign in' }).waitFor();
  assert.equal(await counter('cognito-identity:GetId'), fetched, 'no guest sign-in without allowGuests');

  const served = await env.serve(JSON.stringify({
    region: 'us-east-1', endpoint: env.sandbox.url, pages: ['onboarding'], cognitoIdentityPoolId: poolId,
    allowGuests: true,
  }), '/self-service/', 'self-service');
  const before = await counter('cognito-identity:GetCredentialsForIdentity');
  await page.goto(`${served.url}index.html`);
  await page.getByText('Guest (open to anyone)').waitFor();
  await page.getByRole('note').filter({ hasText: 'This page is open to anyone' }).waitFor();
  assert.match(page.url(), /#\/onboarding$/, 'lands on the one page shown');
  const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  assert.deepEqual(await nav.allTextContents(), ['Onboarding']);
  assert.equal(await counter('cognito-identity:GetCredentialsForIdentity'), before + 1);

  await page.goto(`${served.url}index.html#/settings`);
  await page.getByRole('heading', { name: 'Not available here' }).waitFor();
  assert.equal(await page.getByLabel('Secret access key').count(), 0);
  await page.screenshot({ path: screenshotPath('hosting-self-service'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('guest credentials sign calls the sandbox verifies, stay out of Settings, and are refreshed before they expire', async () => {
  // Settings is shown here only for its Test connection, a signed call the UI makes (ListClusters,
  // which the guest role allows); the sandbox counts only calls whose signature verified.
  const served = await env.serve(JSON.stringify({
    endpoint: env.sandbox.url, pages: ['onboarding', 'settings'], cognitoIdentityPoolId: poolId, allowGuests: true,
  }));
  await env.sandbox.control('cognito', { durationSeconds: 12 });
  try {
    const fetched = await counter('cognito-identity:GetCredentialsForIdentity');
    const listed = await counter('ecs:ListClusters');
    const { page, errors } = await openPage(env.browser);
    await page.goto(`${served.url}index.html#/settings`);
    await page.getByText('Guest (open to anyone)').waitFor();
    assert.equal(await page.getByLabel('Access key ID').inputValue(), '', 'the guest keys are not written into Settings');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').filter({ hasText: 'edge-factory' }).waitFor();
    assert.equal(await counter('ecs:ListClusters'), listed + 1);

    // 12-second credentials are fetched again once half their life is gone, by the call that
    // needs them: the source is asked on every attempt.
    await until(async () => {
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByRole('status').filter({ hasText: 'edge-factory' }).waitFor();
      return await counter('cognito-identity:GetCredentialsForIdentity') >= fetched + 2;
    }, 'new credentials for 12-second ones', 30_000);
    assert.ok(await counter('ecs:ListClusters') >= listed + 2);
    assert.deepEqual(errors, []);
  } finally {
    await env.sandbox.control('cognito', { durationSeconds: 3600 });
  }
});

test('with guestRoleArn the page signs in through the basic flow and its STS keys create an activation', async () => {
  // Settings is shown for its Test connection (a signed ListClusters the sandbox verifies).
  const served = await env.serve(JSON.stringify({
    endpoint: env.sandbox.url, pages: ['onboarding', 'settings'], cognitoIdentityPoolId: poolId, allowGuests: true,
    guestRoleArn,
  }));
  const names = ['cognito-identity:GetOpenIdToken', 'sts:AssumeRoleWithWebIdentity',
    'cognito-identity:GetCredentialsForIdentity', 'ecs:ListClusters'];
  const before = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await counter(n)])));
  const { page, errors } = await openPage(env.browser);
  const stsRequests = [];
  page.on('request', (request) => {
    if (request.postData()?.startsWith('Action=AssumeRoleWithWebIdentity&')) stsRequests.push(request);
  });
  await page.goto(`${served.url}index.html#/settings`);
  await page.getByText('Guest (open to anyone)').waitFor();
  assert.equal(await counter('cognito-identity:GetOpenIdToken'), before['cognito-identity:GetOpenIdToken'] + 1);
  assert.equal(await counter('sts:AssumeRoleWithWebIdentity'), before['sts:AssumeRoleWithWebIdentity'] + 1);
  assert.equal(await counter('cognito-identity:GetCredentialsForIdentity'),
    before['cognito-identity:GetCredentialsForIdentity'], 'the enhanced flow is not used');
  assert.equal(stsRequests.length, 1);
  const form = new URLSearchParams(stsRequests[0].postData());
  assert.equal(form.get('RoleArn'), guestRoleArn);
  assert.equal(form.get('RoleSessionName'), 'anywhere-console');
  assert.equal(stsRequests[0].headers().authorization, undefined, 'the STS call is unsigned');

  assert.equal(await page.getByLabel('Access key ID').inputValue(), '', 'the role\'s keys are not written into Settings');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('status').filter({ hasText: 'edge-factory' }).waitFor();
  assert.equal(await counter('ecs:ListClusters'), before['ecs:ListClusters'] + 1);

  // The keys are the role's own, not narrowed the enhanced way: the wizard's CreateActivation (with PassRole of
  // the instance role) goes through.
  const created = await counter('ssm:CreateActivation');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Onboarding' }).click();
  await page.locator('#cluster-select').selectOption('edge-factory');
  await page.getByRole('button', { name: 'Create activation' }).click();
  await page.locator('#activation-code').waitFor();
  assert.equal(await counter('ssm:CreateActivation'), created + 1);
  await page.screenshot({ path: screenshotPath('hosting-basic-flow'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('the self-service build has onboarding alone, whatever config.json says, and names a page it lacks', async () => {
  const { page, errors } = await openPage(env.browser);
  // No `pages`: the admin build would show every page; this build shows onboarding and lands there.
  const open = await env.serve(JSON.stringify({
    region: 'us-east-1', endpoint: env.sandbox.url, cognitoIdentityPoolId: poolId, allowGuests: true,
  }), '/self-service/', 'self-service');
  await page.goto(`${open.url}index.html`);
  await page.getByText('Guest (open to anyone)').waitFor();
  assert.match(page.url(), /#\/onboarding$/);
  const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  assert.deepEqual(await nav.allTextContents(), ['Onboarding']);
  for (const hash of ['#/fleet', '#/task-definitions', '#/settings']) {
    await page.goto(`${open.url}index.html${hash}`);
    await page.getByRole('heading', { name: 'Not available here' }).waitFor();
  }
  assert.equal(await page.locator('a.connection[href]').count(), 0, 'the badge links to no Settings');

  const asking = await env.serve(JSON.stringify({ pages: ['onboarding', 'fleet'] }), '/self-service/', 'self-service');
  await page.goto(`${asking.url}index.html`);
  const banner = page.getByRole('alert').filter({ hasText: 'config.json' });
  await banner.waitFor();
  assert.match(await banner.textContent(), /pages: "fleet" is not part of this build, the self-service console/);
  assert.deepEqual(errors, []);
});

test('a broken config.json is named in a banner and the console still renders', async () => {
  for (const [config, problem] of [
    ['{"region": "us-east-1",', /not valid \(EOF while parsing/],
    [JSON.stringify({ pages: 'onboarding' }), /invalid type: string "onboarding", expected a sequence/],
    [JSON.stringify({ cognitoIdentityPoolId: 'not-a-pool' }), /cognitoIdentityPoolId: "not-a-pool" is not a Cognito identity pool id/],
    [JSON.stringify({ allowedCluster: ['lab'] }), /unknown field `allowedCluster`/],
    [JSON.stringify({ cognitoIdentityPoolId: 'us-east-1:0f6e', allowGuests: true, guestRoleArn: 'consoleGuest' }),
      /guestRoleArn: "consoleGuest" is not an IAM role ARN/],
    [JSON.stringify({ cognitoIdentityPoolId: 'us-east-1:0f6e', cognitoUserPoolId: 'us-east-1_AbC' }),
      /cognitoClientId, cognitoDomain: a user pool sign-in needs/],
  ]) {
    const served = await env.serve(config);
    const { page, errors } = await openPage(env.browser);
    await page.goto(`${served.url}index.html#/settings`);
    const banner = page.getByRole('alert').filter({ hasText: 'config.json' });
    await banner.waitFor();
    assert.match(await banner.textContent(), problem);
    assert.match(await banner.textContent(), /README/);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    if (problem.source.includes('EOF')) {
      await page.screenshot({ path: screenshotPath('hosting-broken-config'), fullPage: true });
    }
    assert.deepEqual(errors, []);
  }
});

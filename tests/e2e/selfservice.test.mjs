// Self-service with sign-in: the self-service release build (dist-self-service/, what such a
// deployment gets; the admin console's own sign-in runs on dist/) deployed with config.json naming the sandbox's user
// pool (seeded from deploy/self-service.yaml), its app client, the managed-login stand-in and the
// identity pool, and allowing one cluster. People sign in through the hosted login (code grant with
// PKCE), onboard a host into the allowed cluster and watch it join; the credentials the page received
// are then refused everything outside the template's policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../scripts/static-server.mjs';
import { hostEnvironment, journey, openPage, runBash, screenshotPath, until } from './harness.mjs';

const EXPIRED_ACTIVATION = '9c2f5a63-0d7e-4b8a-9f1e-5c3d2b1a0e11';
const TAG_KEY = 'ecs-anywhere:cluster';

let pool;
let hostDir;
const env = journey({
  config: null,
  setup: async (env) => {
    pool = await env.sandbox.control('user-pool');
    const signIn = {
      region: 'us-east-1', endpoint: env.sandbox.url, cognitoIdentityPoolId: pool.identityPoolId,
      cognitoUserPoolId: pool.userPoolId, cognitoClientId: pool.clientId, cognitoDomain: pool.domain,
    };
    env.selfService = await env.serve(
      { ...signIn, pages: ['onboarding'], allowedClusters: [pool.cluster] }, '/self-service/', 'self-service',
    );
    env.admin = await env.serve({ ...signIn }, '/admin/');
    for (const site of [env.selfService, env.admin]) {
      await env.sandbox.control('user-pool', { callbackUrl: `${site.url}index.html` });
    }
    hostDir = mkdtempSync(join(tmpdir(), 'anywhere-selfservice-host-'));
  },
  teardown: async () => {
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  },
});

async function counter(name) {
  return (await env.sandbox.control('counters')).operations[name] ?? 0;
}

/** Signs in through the hosted login's form, from the sign-in panel. */
async function signIn(page, username) {
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(pool.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();
}

/** The AWS credentials the page receives from the identity pool, as they arrive. */
function captureCredentials(page) {
  const received = [];
  page.on('response', async (response) => {
    if (response.request().headers()['x-amz-target'] === 'AWSCognitoIdentityService.GetCredentialsForIdentity'
        && response.ok()) {
      received.push((await response.json()).Credentials);
    }
  });
  return received;
}

function callWithCredentials(credentials, calls) {
  const input = JSON.stringify({ endpoint: env.sandbox.url, region: 'us-east-1', credentials, calls });
  return new Promise((resolve, reject) => {
    const child = execFile(
      join(REPO, 'sandbox', '.venv', 'bin', 'python'), [join(REPO, 'tests', 'e2e', 'calls-with-page-credentials.py')],
      { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(JSON.parse(stdout))),
    );
    child.stdin.end(input);
  });
}

test('without sign-in the deployment offers nothing but the sign-in', async () => {
  const { page, errors } = await openPage(env.browser);
  for (const hash of ['', '#/onboarding?region=us-east-1&cluster=retail-stores', '#/onboarding?tab=activations']) {
    await page.goto(`${env.selfService.url}index.html${hash}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('#cluster-select').count(), 0);
    assert.equal(await page.getByRole('tab').count(), 0);
  }
  const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  assert.deepEqual(await nav.allTextContents(), ['Onboarding']);
  await page.goto(`${env.selfService.url}index.html#/settings`);
  await page.getByRole('heading', { name: 'Not available here' }).waitFor();
  assert.equal(await page.getByLabel('Secret access key').count(), 0);
  assert.equal(await counter('cognito-identity:GetId'), 0, 'nothing is asked of the identity pool before sign-in');
  assert.deepEqual(errors, []);
});

test('a signed-in user onboards a host into the allowed cluster, and the page\'s own credentials can do nothing more', async () => {
  const { page, errors } = await openPage(env.browser);
  const received = captureCredentials(page);
  const authorizeRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('/hosted-login/oauth2/authorize')) authorizeRequests.push(new URL(request.url()));
  });
  await page.goto(`${env.selfService.url}index.html`);
  await signIn(page, 'alice@example.com');
  const authorize = authorizeRequests[0].searchParams;
  assert.equal(authorize.get('code_challenge_method'), 'S256');
  assert.match(authorize.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(authorize.get('redirect_uri'), `${env.selfService.url}index.html`);
  assert.equal(new URL(page.url()).search, '', 'the code left the address bar');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the round trip left nothing in storage');

  // Only the allowed cluster is offered; no ListClusters, which the role may not call.
  await until(async () => (await page.locator('#cluster-select option:not([disabled])').allTextContents()).length === 1,
    'the allowed cluster is offered');
  assert.deepEqual(await page.locator('#cluster-select option:not([disabled])').allTextContents(), ['retail-stores']);
  assert.equal(await page.getByLabel('Create a new cluster').count(), 0);
  assert.equal(await page.locator('#registration-limit').inputValue(), '1');

  await page.getByRole('button', { name: 'Create activation' }).click();
  await page.locator('#activation-code').waitFor();
  const target = page.getByRole('note').filter({ hasText: 'This host will join' });
  assert.equal(await target.textContent(), 'This host will join cluster retail-stores in AWS account 123456789012, region us-east-1.');
  const command = await page.locator('#install-command').textContent();
  assert.match(command, /--cluster 'retail-stores'/);
  const host = hostEnvironment(hostDir, env.sandbox.url);
  const ran = await runBash(command, host.env);
  assert.equal(ran.code, 0, ran.stderr);

  // The waiting room sees the host join through ECS alone (the role may not read SSM).
  await page.getByText('this sign-in may not read Systems Manager').waitFor();
  const row = page.locator('.waiting-room tr[data-instance]');
  // Every stage done: a container instance of an external host implies its SSM registration.
  await until(async () => (await row.count()) === 1 && (await row.locator('td.stage.done').count()) === 3,
    'the host shows registered and connected', 30_000);
  await page.screenshot({ path: screenshotPath('selfservice-joined'), fullPage: true });

  assert.ok(received.length >= 1, 'the page received credentials from the identity pool');
  const credentials = received[received.length - 1];
  assert.match(credentials.AccessKeyId, /^ASIA/);
  const joined = (await callWithCredentials(credentials, [{
    name: 'list', service: 'ecs', operation: 'list_container_instances', params: { cluster: 'retail-stores' },
  }]));
  assert.equal(joined.list.outcome, 'ok', 'the page\'s credentials are valid');
  const hostArn = joined.list.response.containerInstanceArns[0];
  const outcomes = await callWithCredentials(credentials, [
    { name: 'CreateActivation passing another role', service: 'ssm', operation: 'create_activation',
      params: { IamRole: 'consoleAdminRole', Tags: [{ Key: TAG_KEY, Value: 'retail-stores' }] } },
    { name: 'CreateActivation without the cluster tag', service: 'ssm', operation: 'create_activation',
      params: { IamRole: 'ecsAnywhereRole' } },
    { name: 'ListContainerInstances on another cluster', service: 'ecs', operation: 'list_container_instances',
      params: { cluster: 'edge-factory' } },
    { name: 'DeregisterContainerInstance', service: 'ecs', operation: 'deregister_container_instance',
      params: { cluster: 'retail-stores', containerInstance: hostArn, force: true } },
    { name: 'DescribeActivations of others', service: 'ssm', operation: 'describe_activations',
      params: { Filters: [{ FilterKey: 'ActivationIds', FilterValues: [EXPIRED_ACTIVATION] }] } },
  ]);
  for (const [name, { outcome, message }] of Object.entries(outcomes)) {
    assert.equal(outcome, 'AccessDeniedException', `${name}: ${outcome}`);
    assert.match(message, /consoleSignInRole/, name);
  }
  assert.deepEqual(errors, []);
});

test('links naming another cluster, region or endpoint are refused after signing in', async () => {
  const { context, page } = await openPage(env.browser);
  await page.goto(`${env.selfService.url}index.html`);
  await signIn(page, 'alice@example.com');
  for (const [parameters, refusal] of [
    ['region=us-east-1&cluster=edge-factory', 'This link names cluster edge-factory, which this console does not register hosts into'],
    ['region=eu-west-1&cluster=retail-stores', 'a link cannot change the region'],
    ['region=us-east-1&cluster=retail-stores&ecs_endpoint=https%3A%2F%2Fecs.attacker.example', 'which a link may not'],
  ]) {
    // A link opens in a new tab: sign in again (the hosted login's session makes it one click),
    // and the page comes back to the link.
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${env.selfService.url}index.html#/onboarding?${parameters}`);
    await tab.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await tab.getByText('Signed in as alice@example.com').waitFor();
    await tab.getByRole('alert').filter({ hasText: refusal }).waitFor();
    assert.equal(await tab.getByText('Filled in from a self-service link').count(), 0);
    assert.notEqual(await tab.locator('#cluster-select').inputValue(), 'edge-factory');
    assert.deepEqual(errors, []);
    await tab.close();
  }
});

test('an admin in console-admins gets the admin role; tokens refresh, and an expired sign-in ends the session', async () => {
  await env.sandbox.control('cognito', { durationSeconds: 12 });
  await env.sandbox.control('user-pool', { tokenSeconds: 20, refreshTokenSeconds: 60 });
  try {
    const { page, errors } = await openPage(env.browser);
    await page.goto(`${env.admin.url}index.html#/fleet`);
    await page.getByRole('main').getByRole('link', { name: 'enter access keys in Settings' }).waitFor();
    const tokens = await counter('cognito-idp:POST /oauth2/token');
    const fetched = await counter('cognito-identity:GetCredentialsForIdentity');
    await signIn(page, 'ada@example.com');
    // The admin role reads every cluster: the fleet loads.
    await page.getByText('factory-line-01').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Signed in as ada@example.com: requests use your sign-in\'s credentials').waitFor();
    assert.equal(await page.getByLabel('Access key ID').inputValue(), '', 'no key is written into Settings');

    // 12-second credentials and 20-second id tokens: a call after half a credential's life fetches
    // new credentials with a refreshed id token.
    await until(async () => {
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByRole('status').filter({ hasText: 'edge-factory' }).waitFor();
      return await counter('cognito-idp:POST /oauth2/token') >= tokens + 2
        && await counter('cognito-identity:GetCredentialsForIdentity') >= fetched + 2;
    }, 'a refresh of the id token and of the credentials', 40_000);

    // A minute and more later (by the sandbox's clock) the refresh token is no longer honoured.
    await env.sandbox.control('clock', { shiftSeconds: 70 });
    const badge = page.getByRole('banner').locator('.connection .badge').last();
    await until(async () => {
      if (!(await page.getByRole('button', { name: 'Test connection' }).isDisabled())) {
        await page.getByRole('button', { name: 'Test connection' }).click();
      }
      return (await badge.textContent()) === 'signed out';
    }, 'the expired sign-in is noticed', 40_000);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fleet' }).click();
    await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('main').getByRole('alert')
      .filter({ hasText: 'The sign-in is no longer valid (it expired, was used already or was revoked): sign in again.' })
      .waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await env.sandbox.control('clock', { reset: true });
    await env.sandbox.control('user-pool', { tokenSeconds: null, refreshTokenSeconds: null });
    await env.sandbox.control('cognito', { durationSeconds: 3600 });
  }
});

test('Sign out revokes the refresh token and ends the hosted login\'s session', async () => {
  const { page, errors } = await openPage(env.browser);
  await page.goto(`${env.selfService.url}index.html`);
  await signIn(page, 'alice@example.com');
  const revoked = await counter('cognito-idp:POST /oauth2/revoke');
  const loggedOut = await counter('cognito-idp:GET /logout');
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await until(async () => await counter('cognito-idp:GET /logout') === loggedOut + 1, 'the logout endpoint');
  assert.equal(await counter('cognito-idp:POST /oauth2/revoke'), revoked + 1);
  assert.equal(new URL(page.url()).pathname, new URL(`${env.selfService.url}index.html`).pathname);
  // The hosted login's session is gone: signing in again asks for the password.
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Password').waitFor();
  assert.deepEqual(errors, []);
});

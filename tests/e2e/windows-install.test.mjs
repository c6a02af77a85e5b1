// The Windows install command, copied from the onboarding page as a user copies it and read back by
// PowerShell's quoting rules (there is no PowerShell here to run it): the reader of the core's
// quoting tests, run as `examples/read_powershell`, splits it into statements and literals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { REPO } from '../../scripts/static-server.mjs';
import { journey, screenshotPath } from './harness.mjs';

const env = journey();

/** The copied command's statements, each a list of {kind: 'bare'|'literal', text}. */
function readPowerShell(command) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'cargo', ['run', '--quiet', '-p', 'anywhere-core', '--example', 'read_powershell'],
      { cwd: REPO, timeout: 600_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    );
    child.stdin.end(command);
  });
}

const bare = (text) => ({ kind: 'bare', text });
const literal = (text) => ({ kind: 'literal', text });

/** The statement of `statements` whose first token is `first`. */
const statement = (statements, first) => statements.find((tokens) => tokens[0].text === first);

/** Copies the page's install command through the clipboard, as a user does. */
async function copyCommand(page) {
  const shown = await page.locator('#install-command').textContent();
  await page.getByRole('button', { name: 'Copy command' }).click();
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, shown);
  return copied;
}

test('the Windows command copied from the page passes every value as one literal', async () => {
  const { context, page, errors } = await env.open('#/onboarding');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText('signed in').waitFor();
  await page.locator('#cluster-select').selectOption('edge-factory');
  await page.locator('#host-os').selectOption('windows-2022');
  for (const [i, [name, value]] of [['site', 'Berlin Mitte'], ['share', 'C:\\data\\edge']].entries()) {
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.locator(`#attribute-name-${i}`).fill(name);
    await page.locator(`#attribute-value-${i}`).fill(value);
  }
  await page.getByRole('button', { name: 'Create activation' }).click();
  await page.locator('#install-command').waitFor();
  await page.getByText('Run in PowerShell as administrator:').waitFor();
  const activationId = (await page.locator('#activation-id').textContent()).trim();
  const code = (await page.locator('#activation-code').textContent()).trim();
  const statements = await readPowerShell(await copyCommand(page));

  assert.deepEqual(statements[0], [bare('$ErrorActionPreference'), bare('='), literal('Stop')]);
  const settings = statements.filter((tokens) => tokens[0].text === '[Environment]::SetEnvironmentVariable');
  assert.deepEqual(settings, [[
    bare('[Environment]::SetEnvironmentVariable'), bare('('), literal('ECS_INSTANCE_ATTRIBUTES'), bare(','),
    literal('{"site":"Berlin Mitte","share":"C:\\\\data\\\\edge"}'), bare(','),
    bare('[System.EnvironmentVariableTarget]::Machine'), bare(')'),
  ]]);
  assert.deepEqual(JSON.parse(settings[0][4].text), { site: 'Berlin Mitte', share: 'C:\\data\\edge' });
  assert.deepEqual(statement(statements, 'Invoke-RestMethod'), [
    bare('Invoke-RestMethod'), bare('-URI'), literal('https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install.ps1'),
    bare('-OutFile'), literal('ecs-anywhere-install.ps1'),
  ]);
  assert.deepEqual(statement(statements, '.\\ecs-anywhere-install.ps1'), [
    bare('.\\ecs-anywhere-install.ps1'),
    bare('-Region'), literal('us-east-1'),
    bare('-Cluster'), literal('edge-factory'),
    bare('-ActivationID'), literal(activationId),
    bare('-ActivationCode'), literal(code),
  ]);
  // The run comes last: the settings are in place before the script registers the host.
  assert.equal(statements.at(-1)[0].text, '.\\ecs-anywhere-install.ps1');
  await page.screenshot({ path: screenshotPath('onboarding-windows'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('an activation code full of PowerShell syntax stays one literal and adds no statement', async () => {
  const { context, page, errors } = await env.open('#/onboarding');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText('signed in').waitFor();
  // An activation the wizard makes, then used as "one I already have" with a hostile code typed in.
  await page.locator('#cluster-select').selectOption('lab');
  await page.locator('#host-os').selectOption('windows-2019');
  await page.getByRole('button', { name: 'Create activation' }).click();
  const activationId = (await page.locator('#activation-id').textContent()).trim();
  const hostile = "Ab'$(Remove-Item)';x`n''q\"$env:PATH\"";
  await page.getByLabel('Use an activation I already have').check();
  await page.locator('#existing-activation-id').fill(activationId);
  await page.locator('#existing-activation-code').fill(hostile);
  await page.getByRole('button', { name: 'Use this activation' }).click();
  await page.locator('#install-command', { hasText: '$env:PATH' }).waitFor();
  const statements = await readPowerShell(await copyCommand(page));
  const run = statement(statements, '.\\ecs-anywhere-install.ps1');
  assert.deepEqual(run.slice(-4), [bare('-ActivationID'), literal(activationId), bare('-ActivationCode'), literal(hostile)]);
  assert.equal(statements.length, 3, JSON.stringify(statements));
  assert.deepEqual(errors, []);
});

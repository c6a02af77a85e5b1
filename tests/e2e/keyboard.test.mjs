// Keyboard only: onboard a host (create an activation, copy its command) and drain a host, with
// keyboard.press and nothing else (no click, no fill, no check). At every step the focused element
// shows a focus ring (a computed outline or box-shadow); the confirmation dialog keeps Tab inside
// and gives focus back to the button that opened it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from './harness.mjs';

const env = journey();

/** The focused element: a description, and whether it shows a focus indicator. */
const focused = (page) => page.evaluate(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return { what: 'nothing (body)', ring: false };
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const label = element.getAttribute('aria-label') ?? (element.labels?.length ? element.labels[0].textContent : null);
  const name = (label ?? element.textContent).replace(/\s+/g, ' ').trim().slice(0, 60);
  return {
    what: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${name}"`,
    debug: `outline ${style.outlineStyle} ${style.outlineWidth}, box-shadow ${style.boxShadow}`,
    name,
    ring: outline || style.boxShadow !== 'none',
    inDialog: Boolean(element.closest('dialog[open]')),
  };
});

/** Presses `key` and asserts that focus landed on something that shows it. */
async function press(page, key) {
  await page.keyboard.press(key);
  const now = await focused(page);
  assert.ok(now.ring, `after ${key}, focus is not visible on ${now.what} (${now.debug})`);
  return now;
}

/** Presses Tab (or Shift+Tab) until the focused element's name matches `name`, every stop visible. */
async function tabTo(page, name, { key = 'Tab', max = 120 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    const now = await press(page, key);
    seen.push(now.what);
    if (typeof name === 'string' ? now.name === name : name.test(now.name)) return now;
  }
  throw new Error(`${key} never reached "${name}"; went through:\n${seen.join('\n')}`);
}

test('onboard a host by keyboard: create an activation, copy its command', async () => {
  const { context, page, errors } = await env.open('#/onboarding');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByText('signed in').waitFor();
  await tabTo(page, 'Create activation');
  await page.keyboard.press('Enter');
  const command = page.locator('#install-command');
  await command.waitFor();
  const shown = await command.textContent();
  assert.match(shown, /--activation-code '/);
  await tabTo(page, 'Copy command');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
  assert.ok((await focused(page)).ring, 'the copy button keeps a visible focus');
  assert.deepEqual(errors, []);
});

test('drain a host by keyboard; the dialog keeps focus inside and gives it back', async () => {
  const { page, errors } = await env.open('#/fleet');
  await page.locator('.load-status .loaded').waitFor();
  await tabTo(page, 'External hosts');
  await press(page, 'ArrowDown');
  const hostname = await page.evaluate(() => document.activeElement.querySelector('[role=gridcell]:nth-child(3)').textContent.trim());
  await press(page, ' ');
  const panel = page.getByRole('region', { name: 'Actions on the selected hosts' });
  await panel.getByText('1 selected').waitFor();

  // The action panel comes before the table: back with Shift+Tab.
  const opener = await tabTo(page, 'Drain', { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByText(hostname).waitFor();
  // Tab goes round the dialog's controls and never leaves it, both ways.
  const stops = await dialog.locator('button:not([disabled])').count();
  const forward = [];
  for (let i = 0; i < stops * 2 + 1; i += 1) {
    const now = await press(page, 'Tab');
    assert.ok(now.inDialog, `Tab left the dialog for ${now.what}`);
    forward.push(now.name);
  }
  assert.deepEqual(forward.slice(0, stops), forward.slice(stops, stops * 2), 'Tab cycles through the same controls');
  for (let i = 0; i < stops * 2 + 1; i += 1) {
    assert.ok((await press(page, 'Shift+Tab')).inDialog, 'Shift+Tab left the dialog');
  }
  // Escape closes it, and focus is back on the Drain button.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  const back = await focused(page);
  assert.equal(back.what, opener.what);
  assert.ok(back.ring);

  // Again, and confirm.
  await page.keyboard.press('Enter');
  await dialog.getByText(hostname).waitFor();
  await tabTo(page, 'Drain 1 host');
  await page.keyboard.press('Enter');
  await page.locator('.action-results tr', { hasText: hostname }).filter({ hasText: 'Now DRAINING.' }).waitFor();
  // The reload after the drain shows the host draining: Drain no longer applies and hides, and
  // the focus it had goes to the first button still shown (Activate), not to the page's body.
  await panel.getByRole('button', { name: 'Drain', exact: true }).waitFor({ state: 'hidden' });
  const after = await focused(page);
  assert.equal(after.what, 'button "Activate"', 'focus moves from the hidden Drain button to Activate');
  assert.ok(after.ring);
  assert.deepEqual(errors, []);
});

test('the JSON editor keeps Tab for indenting; Escape, then Tab, leaves it', async () => {
  const { page, errors } = await env.open('#/task-definitions');
  await page.getByText('signed in').waitFor();
  const editor = page.getByLabel('Task definition JSON');
  await tabTo(page, 'Task definition JSON');
  const before = await editor.inputValue();
  await press(page, 'Tab');
  assert.equal((await focused(page)).name, 'Task definition JSON', 'Tab stays in the editor');
  assert.equal((await editor.inputValue()).length, before.length + 2, 'and indents');
  await press(page, 'Escape');
  const next = await press(page, 'Tab');
  assert.notEqual(next.name, 'Task definition JSON', 'Escape, then Tab, moves on');
  assert.deepEqual(errors, []);
});

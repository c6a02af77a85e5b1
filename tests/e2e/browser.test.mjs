// The tests' and the bench's browser: nothing of Chromium's own runs beside the page under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserUiPages, launchBrowser } from './harness.mjs';

test('a new browser context starts none of Chromium\'s own UI pages', async () => {
  const browser = await launchBrowser();
  try {
    assert.deepEqual(await browserUiPages(browser), [],
      'Chromium started UI pages of its own: add their features to BROWSER_UI_FEATURES_OFF (tests/e2e/harness.mjs) and webdriver.json');
  } finally {
    await browser.close();
  }
});

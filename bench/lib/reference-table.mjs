// The reference the console's table is measured against: bench/reference/fleet-table, a plain-JS
// page with a fixed pool of rows updated in place. Its row markup, table markup and stylesheets
// are not written down anywhere in the bench: they are read, in the same run, from the console it
// is compared with (`harvest`), so they follow whatever src/pages/fleet/table.rs and style/ render.
// What the harvest relies on is only the stable DOM of bench/lib/fleet-page.mjs (`.fleet-rows
// [role=row]` with aria-rowindex, `.shown-count`, the nearest scrollable ancestor) and rows of one
// height whose own style and aria-rowindex say where they are.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { REPO } from './build.mjs';
import { instrumentedPage, measureMemory, measureRendering, ROW, waitForAllRows } from './fleet-page.mjs';
import { serveDirectory } from './serve.mjs';

const SOURCE = join(REPO, 'bench', 'reference', 'fleet-table');

/**
 * Reads, from a console page showing all `hosts`, everything the reference needs: the table's
 * size and markup without rows, one row as the template, and every host's row as the values of
 * the template's slots (each element's attributes and each text node's text, in document order,
 * minus the row's position).
 * Scrolls through the whole table with a tall window (so it takes few steps), then restores it.
 */
export async function harvest(page, hosts) {
  const layout = await page.evaluate(async ({ row }) => {
    const scroller = window.__bench.scroller();
    scroller.scrollTop = 0;
    await window.__bench.frames(3);
    const table = scroller.cloneNode(true);
    const emptied = table.querySelector('.fleet-rows');
    emptied.replaceChildren();
    emptied.removeAttribute('style');
    const first = document.querySelector(row).cloneNode(true);
    first.removeAttribute('style');
    first.removeAttribute('aria-rowindex');
    // The distance between two consecutive rows, however the page positions them.
    const top = (index) => document.querySelector(`${row}[aria-rowindex="${index}"]`)?.getBoundingClientRect().top;
    const rowHeight = top(3) - top(2);
    if (!(rowHeight > 0)) throw new Error('the console shows no two consecutive rows (aria-rowindex 2 and 3) to measure');
    return {
      width: scroller.offsetWidth,
      height: scroller.offsetHeight,
      rowHeight,
      tableHtml: table.outerHTML,
      rowTemplate: first.outerHTML,
      stylesheets: [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => link.getAttribute('href')),
    };
  }, { row: ROW });
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: 8000 });
  try {
    const rows = await page.evaluate(async ({ row, template, rowHeight }) => {
      const bench = window.__bench;
      const holder = document.createElement('div');
      holder.innerHTML = template;
      const POSITION = ['style', 'aria-rowindex'];
      // A row's shape (its elements, text nodes and comments, in document order) and its slot
      // values: per element its attributes as a flat [name, value, …] list (minus the row's own
      // position), per text node its text.
      const read = (element) => {
        const shape = [];
        const values = [];
        const walk = (node) => {
          if (node.nodeType === Node.TEXT_NODE) {
            shape.push('#');
            values.push(node.data);
            return;
          }
          if (node.nodeType !== Node.ELEMENT_NODE) {
            shape.push(`?${node.nodeType}`);
            return;
          }
          shape.push(`<${node.tagName}`);
          const attributes = [];
          for (const { name, value } of [...node.attributes]) {
            if (node !== element || !POSITION.includes(name)) attributes.push(name, value);
          }
          values.push(attributes);
          for (const child of node.childNodes) walk(child);
          shape.push('>');
        };
        walk(element);
        return { shape: shape.join(' '), values };
      };
      const templateShape = read(holder.firstElementChild).shape;
      const table = bench.scroller();
      const found = new Map();
      const collect = () => {
        for (const element of document.querySelectorAll(row)) {
          const index = Number(element.getAttribute('aria-rowindex')) - 2;
          if (found.has(index)) continue;
          const { shape, values } = read(element);
          if (shape === templateShape) {
            found.set(index, values);
          } else {
            const copy = element.cloneNode(true);
            for (const name of POSITION) copy.removeAttribute(name);
            found.set(index, { html: copy.outerHTML });
          }
        }
      };
      // Each step scrolls to the first row not read yet, so it needs no window size; a step
      // whose rows have not rendered yet waits a frame.
      let cursor = 0;
      let idleFrames = 0;
      table.scrollTop = 0;
      await bench.frames(2);
      while (found.size < bench.hosts && idleFrames < 300) {
        collect();
        while (found.has(cursor)) cursor += 1;
        const target = Math.min(cursor * rowHeight, table.scrollHeight - table.clientHeight);
        if (Math.abs(table.scrollTop - target) >= 1) {
          table.scrollTop = target;
          idleFrames = 0;
        } else {
          idleFrames += 1;
        }
        await bench.frames(1);
      }
      return Array.from({ length: bench.hosts }, (_, i) => found.get(i) ?? null);
    }, { row: ROW, template: layout.rowTemplate, rowHeight: layout.rowHeight });
    const missing = rows.filter((r) => r === null).length;
    if (missing) throw new Error(`the harvest read ${hosts - missing} of ${hosts} console rows; missing e.g. ${rows.map((r, i) => (r === null ? i : -1)).filter((i) => i >= 0).slice(0, 20).join(", ")}`);
    return {
      ...layout,
      hosts,
      rows,
      reshaped: rows.filter((r) => !Array.isArray(r)).length,
    };
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** Writes the reference page for `harvested` rows, with the stylesheets of the build in `buildDir`. */
export function buildReference(harvested, buildDir) {
  const dir = join(REPO, 'target', 'bench', 'reference-fleet-table');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const links = harvested.stylesheets.map((href) => {
    const name = basename(href);
    copyFileSync(join(buildDir, href), join(dir, name));
    return `<link rel="stylesheet" href="${name}">`;
  });
  const html = readFileSync(join(SOURCE, 'index.html'), 'utf8')
    .replace(/ *<!-- stylesheets:[^>]*-->/, links.map((l) => `  ${l}`).join('\n'));
  writeFileSync(join(dir, 'index.html'), html);
  copyFileSync(join(SOURCE, 'fleet.js'), join(dir, 'fleet.js'));
  const { stylesheets, ...data } = harvested;
  writeFileSync(join(dir, 'rows.json'), JSON.stringify(data));
  return dir;
}

/** Serves the reference page; `run()` measures one cold load: rendering and memory. */
export async function serveReference(dir, browser, hosts) {
  const site = await serveDirectory(dir);
  return {
    close: site.close,
    run: async () => {
      const { context, page, errors } = await instrumentedPage(browser, { hosts, paintSelector: ROW });
      try {
        await page.goto(`${site.url}index.html`);
        await waitForAllRows(page, 120_000);
        const memory = await measureMemory(context, page);
        const render = await measureRendering(page);
        if (errors.length) throw new Error(`the reference page failed: ${errors.join('; ')}`);
        return { memory, render };
      } finally {
        await context.close();
      }
    },
  };
}

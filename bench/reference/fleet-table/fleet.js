// The reference fleet table: plain JS, a fixed pool of row elements updated in place, the
// console's own row markup and stylesheets, the same hosts. What the console's table is compared
// with in the same run (bench/lib/reference-table.mjs builds this page's rows.json from the
// console it was run beside).
//
// rows.json: {hosts, rowHeight, width, height, tableHtml, rowTemplate, rows}. tableHtml is the
// console's table with its rows taken out; rowTemplate is one console row; each entry of rows is
// either the values of the template's slots for one host (per element its attributes as a flat
// [name, value, …] list, per text node its text, in document order, minus the row's own position)
// or {html} for a row shaped differently.

const POSITION_ATTRIBUTES = ['style', 'aria-rowindex'];

/** The template's slots in `row`, in the order the harvest read them: elements and text nodes. */
function slotsOf(row) {
  const slots = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      slots.push({ text: node });
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    slots.push({ element: node, root: node === row });
    for (const child of node.childNodes) walk(child);
  };
  walk(row);
  return slots;
}

/** Sets `element`'s attributes to the flat [name, value, …] list, touching only what differs. */
function setAttributes(element, attributes, root) {
  for (let i = 0; i < attributes.length; i += 2) {
    if (element.getAttribute(attributes[i]) !== attributes[i + 1]) element.setAttribute(attributes[i], attributes[i + 1]);
  }
  const kept = root ? POSITION_ATTRIBUTES.filter((name) => element.hasAttribute(name)).length : 0;
  if (element.attributes.length === attributes.length / 2 + kept) return;
  for (const { name } of [...element.attributes]) {
    if (root && POSITION_ATTRIBUTES.includes(name)) continue;
    if (!attributes.some((candidate, i) => i % 2 === 0 && candidate === name)) element.removeAttribute(name);
  }
}

function searchText(values, template) {
  if (!Array.isArray(values)) {
    const holder = document.createElement('div');
    holder.innerHTML = values.html;
    return holder.textContent.toLowerCase();
  }
  return template.textSlots.map((i) => values[i]).join('\n').toLowerCase();
}

async function main() {
  const data = await (await fetch('rows.json')).json();
  const { hosts, rowHeight } = data;
  document.getElementById('table-slot').outerHTML = data.tableHtml;
  const rowsBox = document.querySelector('.fleet-rows');
  const scroller = rowsBox.closest('[role=table]') ?? rowsBox.parentElement;
  scroller.style.width = `${data.width}px`;
  scroller.style.height = `${data.height}px`;
  const shownCount = document.querySelector('.shown-count');

  const holder = document.createElement('div');
  holder.innerHTML = data.rowTemplate;
  const templateRow = holder.firstElementChild;
  const templateSlots = slotsOf(templateRow);
  const template = {
    row: templateRow,
    textSlots: templateSlots.flatMap((slot, i) => (slot.text ? [i] : [])),
  };
  const texts = data.rows.map((values) => searchText(values, template));
  const all = data.rows.map((_, i) => i);

  const poolSize = Math.ceil(data.height / rowHeight) + 1;
  // Rows placed by this page, whatever the console's stylesheet does to place its own.
  rowsBox.style.position = 'relative';
  const pool = Array.from({ length: poolSize }, () => {
    const element = templateRow.cloneNode(true);
    element.style.position = 'absolute';
    element.style.left = '0';
    element.style.display = 'none';
    rowsBox.append(element);
    return { element, slots: slotsOf(element), position: -1, row: -1 };
  });

  const fill = (entry, values) => {
    if (!Array.isArray(values)) {
      // A row shaped unlike the template: its own markup, and the template back next time.
      const shaped = document.createElement('div');
      shaped.innerHTML = values.html;
      entry.element.replaceChildren(...shaped.firstElementChild.childNodes);
      entry.slots = null;
      return;
    }
    if (entry.slots === null) {
      entry.element.replaceChildren(...templateRow.cloneNode(true).childNodes);
      entry.slots = slotsOf(entry.element);
    }
    const { slots } = entry;
    for (let i = 0; i < slots.length; i += 1) {
      const slot = slots[i];
      if (slot.text) {
        if (slot.text.data !== values[i]) slot.text.data = values[i];
      } else {
        setAttributes(slot.element, values[i], slot.root);
      }
    }
  };

  let matches = all;
  let lastQuery = '';
  const render = () => {
    const first = Math.max(0, Math.min(Math.floor(scroller.scrollTop / rowHeight), matches.length - 1));
    for (let i = 0; i < poolSize; i += 1) {
      const position = first + i;
      const entry = pool[position % poolSize];
      if (position >= matches.length) {
        if (entry.position !== -1) {
          entry.element.style.display = 'none';
          entry.position = -1;
          entry.row = -1;
        }
        continue;
      }
      const row = matches[position];
      if (entry.position === position && entry.row === row) continue;
      if (entry.row !== row) fill(entry, data.rows[row]);
      entry.element.style.top = `${position * rowHeight}px`;
      entry.element.setAttribute('aria-rowindex', String(position + 2));
      if (entry.position === -1) entry.element.style.display = '';
      entry.position = position;
      entry.row = row;
    }
  };
  const show = () => {
    const height = `${matches.length * rowHeight}px`;
    if (rowsBox.style.height !== height) rowsBox.style.height = height;
    const shown = `${matches.length} of ${hosts} hosts`;
    if (shownCount.textContent !== shown) shownCount.textContent = shown;
    render();
  };

  document.getElementById('fleet-search').addEventListener('input', (event) => {
    const query = event.target.value.trim().toLowerCase();
    // A query that extends the previous one can only match among the previous matches.
    const base = lastQuery !== '' && query.startsWith(lastQuery) ? matches : all;
    matches = query === '' ? all : base.filter((i) => texts[i].includes(query));
    lastQuery = query;
    show();
  });
  scroller.addEventListener('scroll', render, { passive: true });
  show();
}

main();

// Lists an admin can search, sort and page through: hosts, connections, servers, rules. These lists come whole
// from the API (they are catalogues, not logs), so they are narrowed in the browser as the admin types.
import { fill, h, table } from './dom.js';

const PAGE_SIZE = 25;

/**
 * A table with a search field, sortable columns (a column sorts when it has {@code sort: row => value}; its
 * header is a button, {@code aria-sort} says the order) and pages of {@code pageSize} rows.
 *
 * @param searchText row => the text the search field matches (case-insensitive, anywhere in it)
 */
export function listTable(columns, rows, { caption, onRowClick, rowLabel, searchText, pageSize = PAGE_SIZE } = {}) {
  let text = '';
  let order = null; // { column, ascending }
  let page = 0;
  const id = `list-${Math.random().toString(36).slice(2, 8)}`;
  const search = h('input', { type: 'search', id: `${id}-search`, class: 'list-search', autocomplete: 'off',
    placeholder: 'Type to narrow the list' });
  const status = h('span', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const body = h('div');
  const previous = h('button', { type: 'button', class: 'button small', onclick: () => turn(-1) }, 'Previous page');
  const next = h('button', { type: 'button', class: 'button small', onclick: () => turn(1) }, 'Next page');
  const where = h('span', { class: 'muted small' });
  const pager = h('div', { class: 'pager' }, previous, where, next);
  search.addEventListener('input', () => {
    text = search.value.trim().toLowerCase();
    page = 0;
    draw();
  });

  function visible() {
    const found = text ? rows.filter(r => (searchText ? searchText(r) : '').toLowerCase().includes(text)) : rows.slice();
    if (order) {
      const key = columns[order.column].sort;
      const direction = order.ascending ? 1 : -1;
      found.sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        return empty(x) || empty(y) ? Number(empty(x)) - Number(empty(y)) : compare(x, y) * direction; // empty last
      });
    }
    return found;
  }

  function turn(step) {
    page += step;
    draw();
  }

  function draw(focusColumn) {
    const found = visible();
    const pages = Math.max(1, Math.ceil(found.length / pageSize));
    page = Math.min(Math.max(page, 0), pages - 1);
    const shown = found.slice(page * pageSize, (page + 1) * pageSize);
    const drawn = table(columns, shown, { caption, onRowClick, rowLabel });
    drawn.querySelectorAll('thead th').forEach((th, i) => {
      if (!columns[i].sort) return;
      const on = order && order.column === i;
      th.setAttribute('aria-sort', on ? (order.ascending ? 'ascending' : 'descending') : 'none');
      fill(th, h('button', { type: 'button', class: 'sort', dataset: { column: String(i) },
        onclick: () => {
          order = { column: i, ascending: on ? !order.ascending : true };
          page = 0;
          draw(i);
        } }, columns[i].label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, on ? (order.ascending ? '▲' : '▼') : '↕')));
    });
    fill(body, found.length ? drawn : h('p', { class: 'empty-search' }, `Nothing in ${caption.toLowerCase()} matches "${search.value.trim()}".`));
    fill(status, text ? `${found.length} of ${rows.length} match` : `${rows.length} in all`);
    pager.hidden = pages === 1;
    previous.disabled = page === 0;
    next.disabled = page === pages - 1;
    fill(where, `Page ${page + 1} of ${pages}`);
    if (focusColumn !== undefined) body.querySelector(`button.sort[data-column="${focusColumn}"]`).focus();
  }

  draw();
  return h('div', { class: 'list' },
    h('div', { class: 'list-tools' }, h('label', { for: search.id, class: 'sr-only' }, `Search ${caption.toLowerCase()}`), search, status),
    body, pager);
}

function empty(value) {
  return value === null || value === undefined || value === '';
}

/** Numbers as numbers, text as people sort it (numbers inside text by value, case ignored). */
function compare(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

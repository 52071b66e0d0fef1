// Lists an admin can search, sort and page through. Small lists that come whole from the API are narrowed in the
// browser as the admin types (listTable); long catalogues (hosts) are searched, sorted and paged by the server
// (serverListTable), one page at a time, with the state in the URL.
import { apiPage, query } from './api.js';
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
    sortHeaders(drawn, columns, c => c.sort, order, (i, ascending) => {
      order = { column: i, ascending };
      page = 0;
      draw(i);
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

/** Makes the sortable columns' headers buttons, with aria-sort saying the order; onSort(column, ascending). */
function sortHeaders(drawn, columns, sortable, order, onSort) {
  drawn.querySelectorAll('thead th').forEach((th, i) => {
    if (!sortable(columns[i])) return;
    const on = order && order.column === i;
    th.setAttribute('aria-sort', on ? (order.ascending ? 'ascending' : 'descending') : 'none');
    fill(th, h('button', { type: 'button', class: 'sort', dataset: { column: String(i) },
      onclick: () => onSort(i, on ? !order.ascending : true) },
      columns[i].label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, on ? (order.ascending ? '▲' : '▼') : '↕')));
  });
}

/**
 * A table over a list the server searches, sorts and pages ({@code q}, {@code sort}, {@code limit}, {@code offset}
 * of GET {@code path}): a column sorts when it has {@code sortKey} (the API's sort name). The search, order and page
 * come from and go to {@code state} ({q, sort, page}, as the URL keeps them) through {@code onState}.
 */
export function serverListTable(columns, { path, caption, onRowClick, rowLabel, state = {}, onState, pageSize = PAGE_SIZE }) {
  let text = state.q || '';
  const descending = (state.sort || '').startsWith('-');
  const sortKey = (state.sort || '').replace(/^-/, '');
  const at = columns.findIndex(c => c.sortKey && c.sortKey === sortKey);
  let order = at >= 0 ? { column: at, ascending: !descending } : null;
  let page = Math.max(0, Number(state.page || 1) - 1) || 0;
  let turnCount = 0; // the latest request: an older answer arriving late is dropped
  let typing = null;
  const id = `list-${Math.random().toString(36).slice(2, 8)}`;
  const search = h('input', { type: 'search', id: `${id}-search`, class: 'list-search', autocomplete: 'off',
    placeholder: 'Type to search the list', value: text });
  const status = h('span', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { 'aria-busy': 'true' });
  const previous = h('button', { type: 'button', class: 'button small', onclick: () => turn(-1) }, 'Previous page');
  const next = h('button', { type: 'button', class: 'button small', onclick: () => turn(1) }, 'Next page');
  const where = h('span', { class: 'muted small' });
  const pager = h('div', { class: 'pager' }, previous, where, next);
  pager.hidden = true;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      text = search.value.trim();
      page = 0;
      load();
    }, 200);
  });

  function turn(step) {
    page += step;
    load();
  }

  function sortParam() {
    return order ? `${order.ascending ? '' : '-'}${columns[order.column].sortKey}` : '';
  }

  async function load(focusColumn) {
    const mine = ++turnCount;
    const wanted = { q: text, sort: sortParam(), page: page ? String(page + 1) : '' };
    if (onState) onState(wanted);
    let result;
    try {
      result = await apiPage(`${path}${query({ q: text, sort: wanted.sort, limit: pageSize, offset: page * pageSize })}`);
    } catch (error) {
      if (mine === turnCount) fill(status, `Could not read the list: ${error.message}`);
      return;
    }
    if (mine !== turnCount) return;
    const pages = Math.max(1, Math.ceil(result.total / pageSize));
    if (page > pages - 1 && result.total > 0) {
      page = pages - 1;
      load(focusColumn);
      return;
    }
    const drawn = table(columns, result.rows, { caption, onRowClick, rowLabel });
    sortHeaders(drawn, columns, c => c.sortKey, order, (i, ascending) => {
      order = { column: i, ascending };
      page = 0;
      load(i);
    });
    fill(body, result.total ? drawn : h('p', { class: 'empty-search' }, `Nothing in ${caption.toLowerCase()} matches "${text}".`));
    body.setAttribute('aria-busy', 'false');
    fill(status, text ? `${result.total} match` : `${result.total} in all`);
    pager.hidden = pages === 1;
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    fill(where, `Page ${page + 1} of ${pages}`);
    if (focusColumn !== undefined) body.querySelector(`button.sort[data-column="${focusColumn}"]`).focus();
  }

  const element = h('div', { class: 'list' },
    h('div', { class: 'list-tools' }, h('label', { for: search.id, class: 'sr-only' }, `Search ${caption.toLowerCase()}`), search, status),
    body, pager);
  return { element, ready: load() };
}

function empty(value) {
  return value === null || value === undefined || value === '';
}

/** Numbers as numbers, text as people sort it (numbers inside text by value, case ignored). */
function compare(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

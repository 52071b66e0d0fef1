// Small DOM helpers. Everything is built with createElement and text nodes: no innerHTML, so data from
// the server (host names, tool names, user agents) can never become markup.

/** An element: h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value') {
      el.value = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatTime(instant) {
  return instant ? absolute.format(new Date(instant)) : '';
}

/** "3 minutes ago", "in 2 days". */
export function relative(instant) {
  const seconds = Math.round((new Date(instant).getTime() - Date.now()) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) {
      return new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(value), unit);
    }
    value /= size;
  }
  return '';
}

/** A <time> showing a relative time, with the exact one on hover; a dash for none. */
export function time(instant, none = '—') {
  if (!instant) return h('span', { class: 'muted' }, none);
  return h('time', { datetime: instant, title: formatTime(instant) }, relative(instant));
}

export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind}`.trim() }, text);
}

/** What a page shows when it has nothing to list: its heading is the next level below the page's h1. */
export function emptyState(title, text, ...actions) {
  return emptyBlock('h2', title, text, actions);
}

/** The same inside a section under its own h2 (a tab's list), so headings never skip a level. */
export function sectionEmptyState(title, text, ...actions) {
  return emptyBlock('h3', title, text, actions);
}

function emptyBlock(level, title, text, actions) {
  return h('div', { class: 'empty' }, h(level, {}, title), h('p', {}, text), actions.length ? h('div', { class: 'actions' }, actions) : null);
}

export function field(label, input, hint) {
  if (!input.id) input.id = `f-${Math.random().toString(36).slice(2, 9)}`;
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
}

/** An error from the API (problem+json) or the network, as a notice. */
export function errorNotice(error) {
  return h('div', { class: 'notice error', role: 'alert' }, h('p', {}, describe(error)));
}

export function describe(error) {
  if (error && error.problem) {
    const p = error.problem;
    return p.detail ? `${p.title}: ${p.detail}` : p.title;
  }
  return error && error.message ? error.message : 'Something went wrong.';
}

export function toast(message, kind = '') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast ${kind}`.trim() }, message);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** Copies text; falls back to a selected text area where the Clipboard API is missing (plain HTTP). */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // fall through to the legacy path
    }
  }
  const area = h('textarea', { readonly: true, class: 'sr-only' });
  area.value = text;
  document.body.append(area);
  area.select();
  const done = document.execCommand('copy');
  area.remove();
  return done;
}

export function copyButton(getText, label = 'Copy', extra = {}) {
  const button = h('button', { type: 'button', class: 'button small', ...extra }, label);
  button.addEventListener('click', async () => {
    const ok = await copyText(typeof getText === 'function' ? getText() : getText);
    button.textContent = ok ? 'Copied' : 'Press Ctrl+C';
    setTimeout(() => { button.textContent = label; }, 2000);
  });
  return button;
}

export function codeBlock(text, label) {
  return h('div', { class: 'code' },
    h('pre', { tabindex: '0', 'aria-label': label }, h('code', {}, text)),
    copyButton(text, 'Copy', { 'aria-label': `Copy ${label}` }));
}

/**
 * A modal dialog (native <dialog>: focus is trapped and Escape closes it). Resolves with the value
 * passed to close, or null when dismissed.
 */
export function openDialog({ title, body, actions = [], onClose }) {
  const titleId = `d-${Math.random().toString(36).slice(2, 9)}`;
  const dialog = h('dialog', { 'aria-labelledby': titleId },
    h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, title)),
    h('div', { class: 'dialog-body' }, body),
    actions.length ? h('div', { class: 'dialog-foot' }, actions) : null);
  document.body.append(dialog);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose(dialog.returnValue);
  });
  dialog.showModal();
  return dialog;
}

/** Asks before something destructive; resolves true when confirmed. */
export function confirmAction({ title, text, confirmLabel, danger = true }) {
  return new Promise(resolve => {
    const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
    const ok = h('button', { type: 'button', class: danger ? 'button danger solid' : 'button primary' }, confirmLabel);
    const dialog = openDialog({
      title, body: h('p', {}, text), actions: [cancel, ok],
      onClose: value => resolve(value === 'yes'),
    });
    cancel.addEventListener('click', () => dialog.close('no'));
    ok.addEventListener('click', () => dialog.close('yes'));
    cancel.focus();
  });
}

/** Tabs with the ARIA tabs pattern: arrow keys move between tabs, each panel renders on selection. */
export function tabs(items, selectedId, onSelect) {
  const list = h('div', { class: 'tabs', role: 'tablist' });
  const panel = h('div', { role: 'tabpanel', tabindex: '0' });
  const buttons = items.map(item => h('button', {
    type: 'button', role: 'tab', id: `tab-${item.id}`, 'aria-selected': String(item.id === selectedId),
    tabindex: item.id === selectedId ? '0' : '-1', onclick: () => select(item.id),
  }, item.label));
  list.append(...buttons);
  list.addEventListener('keydown', event => {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    const target = buttons[(next + buttons.length) % buttons.length];
    target.focus();
    target.click();
  });
  function select(id) {
    buttons.forEach((b, i) => {
      const on = items[i].id === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', `tab-${id}`);
    clear(panel);
    items.find(i => i.id === id).render(panel);
    if (onSelect) onSelect(id);
  }
  const root = h('div', {}, list, panel);
  select(selectedId);
  return root;
}

/**
 * A details drawer over the right edge for the table row that opened it. Escape or its Close button shuts it
 * and gives the focus back to that row; open(row, panel) shows the panel and focuses its heading.
 */
export function drawer(label) {
  const element = h('aside', { class: 'card detail', 'aria-label': label, hidden: true });
  let row = null;
  const close = () => {
    if (row) {
      row.removeAttribute('aria-selected');
      row.focus();
    }
    row = null;
    element.hidden = true;
  };
  const open = (tr, panel) => {
    if (row) row.removeAttribute('aria-selected');
    row = tr;
    tr.setAttribute('aria-selected', 'true');
    element.hidden = false;
    fill(element, panel);
    element.querySelector('h2').focus();
  };
  element.addEventListener('keydown', event => {
    if (event.key === 'Escape') close();
  });
  return { element, open, close };
}

/** A table from column definitions: {label, cell: row => Node|string, className}. */
export function table(columns, rows, { caption, onRowClick, rowLabel } = {}) {
  const body = h('tbody', {}, rows.map(row => {
    const tr = h('tr', {}, columns.map(c => h('td', { class: c.className || null }, c.cell(row))));
    if (onRowClick) {
      tr.classList.add('selectable');
      tr.tabIndex = 0;
      if (rowLabel) tr.setAttribute('aria-label', rowLabel(row));
      tr.addEventListener('click', event => {
        if (!event.target.closest('a, button')) onRowClick(row, tr);
      });
      tr.addEventListener('keydown', event => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onRowClick(row, tr);
        }
      });
    }
    return tr;
  }));
  const wrap = h('div', { class: 'table-wrap', dataset: { label: caption || 'Table' } }, h('table', { class: 'table' },
    caption ? h('caption', { class: 'sr-only' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.className === 'num' ? 'num' : null }, c.label)))),
    body));
  sideways.observe(wrap);
  return wrap;
}

/**
 * A table wider than its card (a narrow window: 1024 px) scrolls sideways inside it; the keyboard must reach that
 * scrolling too, so such a wrapper becomes a named, focusable region, and stops being one once it fits again.
 */
const sideways = new ResizeObserver(entries => entries.forEach(({ target }) => {
  if (target.scrollWidth > target.clientWidth) {
    Object.assign(target, { tabIndex: 0 });
    target.setAttribute('role', 'region');
    target.setAttribute('aria-label', target.dataset.label);
  } else {
    ['tabindex', 'role', 'aria-label'].forEach(name => target.removeAttribute(name));
  }
}));

/** A page heading block with optional breadcrumb, description and actions. */
export function pageHead({ crumbs, title, text, actions = [] }) {
  return h('div', { class: 'page-head' },
    h('div', {},
      crumbs ? h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, crumbs) : null,
      h('h1', { tabindex: '-1' }, title),
      text ? h('p', {}, text) : null),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

/** An instant as a datetime-local input's value, in the browser's time zone ('' for none or a bad one). */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// Keyset pages through a list too long to load whole (calls, audit records): the first, previous, next and last
// page, each one indexed read of one page however deep, and the position as a value the page keeps in its URL.
import { fill, h } from './dom.js';

/**
 * A pager over a list read by cursor. A position is {} (the first page), {after: cursor} (the page beyond that
 * row), {before: cursor} (the page just before that row) or {page: 'last'}; the rows carry their own cursor.
 *
 * @param read    (cursor, reversed, limit) => Promise<{rows, more}>: up to {@code limit} rows beyond {@code cursor}
 *                (null: from the start) in the list's order, or in the reverse order; {@code more} when rows remain
 * @param draw    (rows, page) => void: shows a page ({@code page.first}, {@code page.last} say where it is)
 * @param onMove  position => void when the admin turned the page (to keep it in the URL), or null
 */
export function keysetPager({ id, label, noun, limit, read, draw, onMove }) {
  let shown = { rows: [], first: true, last: true, at: {} };
  let turn = 0; // the latest request: an older answer arriving late is dropped
  const button = (name, text, target) => h('button', { type: 'button', class: 'button small', id: `${id}-${name}`,
    onclick: event => go(target(), event.currentTarget) }, text);
  const first = button('first', 'First', () => ({}));
  const previous = button('newer', 'Previous', () => ({ before: shown.rows[0].cursor }));
  const next = button('older', 'Next', () => ({ after: shown.rows[shown.rows.length - 1].cursor }));
  const last = button('last', 'Last', () => ({ page: 'last' }));
  const status = h('span', { class: 'muted small', role: 'status', id: `${id}-status` });
  const element = h('nav', { class: 'pager keyset', 'aria-label': label }, status, first, previous, next, last);

  async function go(target, from) {
    await show(target);
    if (onMove) onMove(shown.at);
    if (from && from.disabled) (from === next || from === last ? previous : next).focus(); // keep the keyboard on the pager
  }

  /** Reads and draws the page at {@code position}; resolves once it is drawn. */
  async function show(position) {
    const mine = ++turn;
    const size = limit();
    let page;
    if (position.after) {
      const r = await read(position.after, false, size);
      page = { rows: r.rows, first: false, last: !r.more, at: { after: position.after } };
    } else if (position.before) {
      const r = await read(position.before, true, size);
      if (!r.more) return mine === turn ? show({}) : undefined; // nothing before it but this page: the first page
      page = { rows: r.rows.slice().reverse(), first: false, last: false, at: { before: position.before } };
    } else if (position.page === 'last') {
      const r = await read(null, true, size);
      page = { rows: r.rows.slice().reverse(), first: !r.more, last: true, at: { page: 'last' } };
    } else {
      const r = await read(null, false, size);
      page = { rows: r.rows, first: true, last: !r.more, at: {} };
    }
    if (mine !== turn) return undefined;
    shown = page;
    first.disabled = page.first;
    previous.disabled = page.first;
    next.disabled = page.last || page.rows.length === 0;
    last.disabled = page.last;
    fill(status, describe(page));
    draw(page.rows, page);
    return page;
  }

  function describe(page) {
    if (page.rows.length === 0) return `No ${noun}s.`;
    const where = page.first && page.last ? 'all of them' : page.first ? 'the first page' : page.last ? 'the last page' : 'a page between';
    return `${page.rows.length} ${noun}${page.rows.length === 1 ? '' : 's'}, ${where}.`;
  }

  return { element, show, current: () => shown };
}

/** The position a URL's query names (after, before, page), as {@link keysetPager} takes it. */
export function positionIn(query) {
  if (query.after) return { after: query.after };
  if (query.before) return { before: query.before };
  return query.page === 'last' ? { page: 'last' } : {};
}

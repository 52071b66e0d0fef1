// Settings: what this deployment runs with, read-only (they are set where Gatehouse is deployed).
import { api } from '../api.js';
import { fill, h, pageHead, table } from '../dom.js';

export async function page(root) {
  const settings = await api('GET', '/settings');
  fill(root, 
    pageHead({
      title: 'Settings',
      text: 'Read once when Gatehouse starts, from system properties (gatehouse.*) or environment variables (GATEHOUSE_*). '
        + 'Change them where Gatehouse is deployed, then restart it.',
    }),
    h('div', { class: 'card' }, h('div', { class: 'card-body' }, h('dl', { class: 'kv' },
      h('dt', {}, 'Public base URL'), h('dd', {}, settings.publicBaseUrl ? h('code', {}, settings.publicBaseUrl)
        : h('span', { class: 'muted' }, 'not set: MCP URLs follow the address each request came in on')),
      h('dt', {}, 'Gateway context path'), h('dd', {}, h('code', {}, settings.gatewayContextPath || '/')),
      h('dt', {}, 'Largest admin request'), h('dd', {}, `${Math.round(settings.maxBodyBytes / 1024)} KiB`)))),
    h('section', { class: 'section', 'aria-labelledby': 'roles-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'roles-title' }, 'Roles and capabilities')),
      h('p', { class: 'muted' }, 'Container roles grant capabilities. Override a role with gatehouse.roles.<role> '
        + '(or GATEHOUSE_ROLES_<ROLE>) set to a comma-separated list of capabilities, or none.'),
      h('div', { class: 'card' }, table([
        { label: 'Container role', cell: ([role]) => h('code', { class: 'nowrap' }, role) },
        { label: 'Capabilities', cell: ([, caps]) => (caps.length ? caps.map(c => h('code', { class: 'cap' }, c)) : h('span', { class: 'muted' }, 'none')) },
      ], Object.entries(settings.roles), { caption: 'Roles and capabilities' }))));
}

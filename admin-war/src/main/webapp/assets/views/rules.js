// Rules: a gateway's request and response rules in evaluation order, edited in a dialog that can try the
// rule on a sample payload (POST /gateways/{slug}/rules/try) before it is saved. The JSON form is rules.md's.
import { api, apiPage, query } from '../api.js';
import {
  badge, confirmAction, emptyState, errorNotice, field, fill, h, openDialog, pageHead, table, toast,
} from '../dom.js';
import { listTable } from '../list.js';

const DETECTORS = {
  secrets: ['aws_access_key', 'github_token', 'private_key', 'jwt', 'gatehouse_token'],
  personal_data: ['email', 'phone', 'card_number', 'iban'],
};
const ACTIONS = ['block', 'redact', 'replace', 'mask', 'hash', 'require_approval'];
const SAMPLES = {
  request: { query: 'mail jane.doe@example.com, card 4111 1111 1111 1111' },
  response: { content: [{ type: 'text', text: 'mail jane.doe@example.com, card 4111 1111 1111 1111' }] },
};

/** #/rules and #/rules/{slug}: the rules of one gateway (the first one when none is named). */
export async function page(root, ctx) {
  const [gateways, hosts] = await Promise.all([api('GET', '/gateways'), api('GET', '/hosts')]);
  const manage = ctx.can('rules:manage');
  if (gateways.length === 0) {
    fill(root, pageHead({ title: 'Rules' }), h('div', { class: 'card' },
      emptyState('No gateways yet', 'Rules belong to a gateway: create one under Gateways first.')));
    return;
  }
  const gateway = gateways.find(g => g.slug === ctx.params.slug) || gateways[0];
  const rules = await api('GET', `/gateways/${encodeURIComponent(gateway.slug)}/rules`);
  const picker = h('select', { name: 'gateway', 'aria-label': 'Gateway',
    onchange: event => ctx.go(`#/rules/${encodeURIComponent(event.target.value)}`) },
  gateways.map(g => h('option', { value: g.slug, selected: g.slug === gateway.slug }, g.name)));
  const create = manage ? h('button', { type: 'button', class: 'button primary',
    onclick: () => editRule(gateway, null, hosts, ctx) }, 'New rule') : null;
  fill(root, pageHead({
    title: 'Rules',
    text: 'Every tools/call through the gateway passes these rules, in this order: request rules before the upstream '
      + 'sees the arguments, response rules before the client sees the result.',
    actions: [picker, create].filter(Boolean),
  }));
  if (rules.length === 0) {
    root.append(h('div', { class: 'card' }, emptyState('No rules yet',
      `Calls through ${gateway.name} pass unchanged. Add a rule to block, redact or hold calls.`)));
    return;
  }
  const hostName = id => (hosts.find(x => x.id === id) || { name: id }).name;
  const columns = [
    { label: '#', sort: r => rules.indexOf(r), cell: r => String(rules.indexOf(r) + 1) },
    { label: 'Rule', className: 'primary-cell', sort: r => r.name, cell: r => [h('strong', {}, r.name),
      h('span', { class: 'muted' }, `priority ${r.priority}`)] },
    { label: 'Applies to', cell: r => [h('div', {}, 'tools ', h('code', {}, r.tools)),
      h('div', { class: 'muted small' }, r.hosts.length ? `hosts: ${r.hosts.map(hostName).join(', ')}` : 'every host'),
      h('div', { class: 'muted small' }, `hook: ${r.hook}`)] },
    { label: 'Detects', cell: r => detectText(r.detect) },
    { label: 'Action', cell: r => (r.action ? actionText(r.action) : h('span', { class: 'muted' }, 'webhook decides')) },
    { label: 'Status', cell: r => [r.enabled ? badge('Enabled', 'ok') : badge('Disabled', 'off'),
      r.observe ? [' ', badge('Observe', 'info')] : null] },
  ];
  if (manage) {
    columns.push({ label: 'Actions', className: 'actions-cell', cell: r => h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button small', 'aria-label': `Edit ${r.name}`,
        onclick: () => editRule(gateway, r, hosts, ctx) }, 'Edit'),
      h('button', { type: 'button', class: 'button small danger', 'aria-label': `Delete ${r.name}`,
        onclick: () => deleteRule(r, ctx) }, 'Delete')) });
  }
  root.append(h('div', { class: 'card', id: 'rules-table' }, listTable(columns, rules, { caption: `Rules of ${gateway.name}`,
    searchText: r => [r.name, r.description, r.tools, r.hook, r.detect.type, ...(r.detect.detectors || []),
      r.action ? r.action.type : 'webhook', ...r.hosts.map(hostName)].join(' ') })));
}

function detectText(d) {
  switch (d.type) {
    case 'regex': return [h('span', {}, 'regex '), d.patterns.map(p => h('code', { class: 'pattern' }, p))];
    case 'builtin': return `detectors: ${d.detectors.join(', ')}`;
    case 'webhook': return [h('span', {}, 'webhook '), h('code', {}, d.url), d.failOpen ? ' (fail-open)' : ' (fail-closed)'];
    default: return 'every call';
  }
}

function actionText(a) {
  if (a.type === 'replace') return `replace with "${a.text}"`;
  if (a.type === 'mask') return `mask, keep last ${a.keepLast}`;
  if (a.type === 'require_approval') return `require approval (${a.timeoutSeconds} s)`;
  return a.type;
}

async function deleteRule(rule, ctx) {
  const yes = await confirmAction({ title: `Delete rule ${rule.name}?`,
    text: 'Calls stop passing this rule from the next one on.', confirmLabel: 'Delete rule' });
  if (!yes) return;
  try {
    await api('DELETE', `/rules/${encodeURIComponent(rule.id)}`);
    toast(`Rule ${rule.name} deleted.`);
    ctx.refresh();
  } catch (error) {
    toast(error.message, 'error');
  }
}

/** The rule editor (new when rule is null): every field of the JSON form, and a "Try it" panel. */
function editRule(gateway, rule, hosts, ctx) {
  const form = ruleForm(rule, hosts);
  const problem = h('div');
  const tryPanel = trialPanel(gateway, form, hosts, rule);
  const body = h('div', { class: 'stack' }, problem,
    h('form', { class: 'stack', id: 'rule-form', 'aria-label': 'Rule' }, form.element), tryPanel);
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button primary', form: 'rule-form' }, rule ? 'Save rule' : 'Create rule');
  const dialog = openDialog({ title: rule ? `Edit rule ${rule.name}` : `New rule on ${gateway.name}`, body, actions: [cancel, save] });
  dialog.classList.add('wide');
  cancel.addEventListener('click', () => dialog.close());
  body.querySelector('form').addEventListener('submit', async event => {
    event.preventDefault();
    save.disabled = true;
    try {
      const spec = form.spec();
      if (rule) await api('PUT', `/rules/${encodeURIComponent(rule.id)}`, spec);
      else await api('POST', `/gateways/${encodeURIComponent(gateway.slug)}/rules`, spec);
      dialog.close();
      toast(`Rule ${spec.name} saved.`);
      ctx.refresh();
    } catch (error) {
      fill(problem, errorNotice(error));
      problem.scrollIntoView();
      save.disabled = false;
    }
  });
}

/** The form's fields, and spec() reading them into the rule's JSON form. */
function ruleForm(rule, hosts) {
  const r = rule || { name: '', description: '', enabled: true, priority: 100, hosts: [], tools: '*', hook: 'both',
    detect: { type: 'builtin', detectors: ['secrets'], keys: false }, action: { type: 'redact' }, observe: false };
  const name = h('input', { name: 'name', required: true, maxlength: '200', value: r.name, autocomplete: 'off' });
  const description = h('input', { name: 'description', maxlength: '1000', value: r.description || '' });
  const priority = h('input', { name: 'priority', type: 'number', value: String(r.priority) });
  const enabled = h('input', { name: 'enabled', type: 'checkbox', checked: r.enabled });
  const observe = h('input', { name: 'observe', type: 'checkbox', checked: r.observe });
  const hook = h('select', { name: 'hook' }, ['request', 'response', 'both'].map(v => h('option', { value: v, selected: v === r.hook }, v)));
  const tools = h('input', { name: 'tools', value: r.tools, placeholder: '*', autocomplete: 'off' });
  const d = r.detect;
  const detectType = h('select', { name: 'detect-type' }, ['builtin', 'regex', 'always', 'webhook']
    .map(v => h('option', { value: v, selected: v === d.type }, v)));
  const keys = h('input', { name: 'keys', type: 'checkbox', checked: !!d.keys });
  const patterns = h('textarea', { name: 'patterns', rows: '3', spellcheck: 'false' });
  patterns.value = (d.patterns || []).join('\n');
  const chosen = new Set(d.detectors || []);
  const detectorBoxes = [...Object.keys(DETECTORS), ...Object.values(DETECTORS).flat()]
    .map(v => h('input', { type: 'checkbox', name: 'detector', value: v, checked: chosen.has(v) }));
  const url = h('input', { name: 'webhook-url', type: 'url', value: d.url || '', placeholder: 'https://rules.internal.example/check' });
  const timeoutMs = h('input', { name: 'webhook-timeout', type: 'number', min: '50', max: '30000', value: String(d.timeoutMs || 2000) });
  const failOpen = h('input', { name: 'fail-open', type: 'checkbox', checked: !!d.failOpen });
  const secret = h('input', { name: 'webhook-secret', type: 'password', autocomplete: 'new-password',
    placeholder: d.hasSecret ? 'set (leave empty to keep)' : 'optional' });
  const a = r.action || { type: 'block' };
  const actionType = h('select', { name: 'action-type' }, ACTIONS.map(v => h('option', { value: v, selected: v === a.type }, v)));
  const text = h('input', { name: 'replace-text', value: a.text || '<removed>' });
  const keepLast = h('input', { name: 'keep-last', type: 'number', min: '0', value: String(a.keepLast ?? 4) });
  const approvalTimeout = h('input', { name: 'approval-timeout', type: 'number', min: '1', max: '3600', value: String(a.timeoutSeconds || 600) });

  const check = (input, label) => h('label', {}, input, ' ', label);
  const picker = hosts.length ? hostPicker(r.hosts, id => (hosts.find(x => x.id === id) || { name: id }).name, check) : null;
  const byDetect = {
    regex: h('div', { class: 'stack' }, field('Patterns (RE2, one per line)', patterns), check(keys, 'also match member names')),
    builtin: h('div', { class: 'field' }, h('span', { class: 'label' }, 'Detectors'),
      h('ul', { class: 'checklist columns' }, detectorBoxes.map(b => h('li', {}, check(b, h('code', {}, b.value)))))),
    always: h('p', { class: 'muted' }, 'Every call the rule applies to: use with block or require approval.'),
    webhook: h('div', { class: 'form-grid' }, field('Rule engine URL', url, 'https, or http to the loopback address'),
      field('Timeout (ms)', timeoutMs), field('Signing secret', secret, 'HMAC-SHA256 key; stored sealed, never shown'),
      h('div', { class: 'field' }, check(failOpen, 'fail open (let calls pass when the engine fails)'))),
  };
  const detectPanel = h('div');
  const actionFields = h('div', { class: 'form-grid' });
  const actionBlock = h('fieldset', {}, h('legend', {}, 'Action'), actionFields);
  function showDetect() {
    fill(detectPanel, byDetect[detectType.value]);
    if (detectType.value === 'webhook') keys.checked = false;
    actionBlock.hidden = detectType.value === 'webhook';
  }
  function showAction() {
    const extra = { replace: field('Replacement text', text), mask: field('Keep last characters', keepLast),
      require_approval: field('Approval timeout (s)', approvalTimeout) }[actionType.value];
    fill(actionFields, field('Action', actionType), extra || null);
  }
  detectType.addEventListener('change', showDetect);
  actionType.addEventListener('change', showAction);
  showDetect();
  showAction();

  const element = h('div', { class: 'stack' },
    h('div', { class: 'form-grid top', id: 'rule-head' }, field('Name', name), field('Description', description),
      field('Priority', priority, 'lower runs first; equal in creation order'),
      h('div', { class: 'field checks' }, check(enabled, 'enabled'), check(observe, 'observe only (record, change nothing)'))),
    h('fieldset', {}, h('legend', {}, 'Applies to'), h('div', { class: 'form-grid top', id: 'rule-applies' },
      field('Hook', hook, 'request: arguments; response: the result'),
      field('Tools', tools, 'glob over the tool name clients call: * any run, ? one character')),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'Hosts (none ticked: every host)'),
      picker ? picker.element
        : h('p', { class: 'muted' }, 'No hosts yet: the rule applies to every host.'))),
    h('fieldset', {}, h('legend', {}, 'Detection'), field('Type', detectType), detectPanel),
    actionBlock);

  function detection() {
    switch (detectType.value) {
      case 'regex': return { type: 'regex', patterns: patterns.value.split('\n').map(s => s.trim()).filter(Boolean), keys: keys.checked };
      case 'builtin': return { type: 'builtin', detectors: detectorBoxes.filter(b => b.checked).map(b => b.value), keys: false };
      case 'webhook': {
        const w = { type: 'webhook', url: url.value.trim(), timeoutMs: Number(timeoutMs.value || 2000), failOpen: failOpen.checked };
        if (secret.value) w.secret = secret.value;
        return w;
      }
      default: return { type: 'always' };
    }
  }
  function action() {
    if (detectType.value === 'webhook') return null;
    const t = actionType.value;
    if (t === 'replace') return { type: t, text: text.value };
    if (t === 'mask') return { type: t, keepLast: Number(keepLast.value || 0) };
    if (t === 'require_approval') return { type: t, timeoutSeconds: Number(approvalTimeout.value || 600) };
    return { type: t };
  }
  const spec = () => ({
    name: name.value.trim(), description: description.value.trim() || null, enabled: enabled.checked,
    priority: Number(priority.value || 100), hosts: picker ? picker.selected() : [],
    tools: tools.value.trim() || '*', hook: hook.value, detect: detection(), action: action(), observe: observe.checked,
  });
  return { element, spec };
}

/** "Try it": runs the rule as it stands in the form, unsaved, on a sample payload. */
function trialPanel(gateway, form, hosts, saved) {
  const hook = h('select', { name: 'try-hook' }, ['request', 'response'].map(v => h('option', { value: v }, v)));
  const tool = h('input', { name: 'try-tool', placeholder: 'echo', autocomplete: 'off' });
  const host = h('select', { name: 'try-host' }, h('option', { value: '' }, 'any host'),
    hosts.map(x => h('option', { value: x.id }, x.name)));
  const payload = h('textarea', { name: 'try-payload', rows: '6', spellcheck: 'false', class: 'mono' });
  payload.value = JSON.stringify(SAMPLES.request, null, 2);
  hook.addEventListener('change', () => { payload.value = JSON.stringify(SAMPLES[hook.value], null, 2); });
  const result = h('div', { id: 'try-result', 'aria-live': 'polite' });
  const run = h('button', { type: 'button', class: 'button', id: 'try-rule' }, 'Try it');
  run.addEventListener('click', async () => {
    let sample;
    try {
      sample = JSON.parse(payload.value);
    } catch (e) {
      fill(result, h('div', { class: 'notice error', role: 'alert' }, h('p', {}, `The sample payload is not JSON: ${e.message}`)));
      return;
    }
    run.disabled = true;
    fill(result, h('p', { class: 'muted' }, 'Trying…'));
    try {
      const rule = form.spec();
      // a rule names its tool exactly: try it on that tool unless another is named
      const literal = /[*?]/.test(rule.tools) ? null : rule.tools;
      const outcome = await api('POST', `/gateways/${encodeURIComponent(gateway.slug)}/rules/try`, {
        rule, hook: hook.value, payload: sample, tool: tool.value.trim() || literal, host: host.value || null,
        ruleId: saved ? saved.id : null, // a saved webhook rule's secret signs the trial
      });
      fill(result, trialView(outcome));
      result.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      fill(result, errorNotice(error));
    } finally {
      run.disabled = false;
    }
  });
  return h('fieldset', { class: 'try' }, h('legend', {}, 'Try it (nothing is saved)'),
    h('div', { class: 'form-grid' }, field('Hook', hook), field('Tool name', tool), field('Host', host)),
    field('Sample payload (JSON: tool arguments, or a tool result)', payload),
    h('div', { class: 'actions' }, run), result);
}

const DECISIONS = { pass: ['Pass', 'ok'], modified: ['Modified', 'info'], blocked: ['Blocked', 'bad'], held: ['Held for approval', 'off'] };

function trialView(outcome) {
  const [label, kind] = DECISIONS[outcome.decision] || [outcome.decision, ''];
  return h('div', { class: 'stack' },
    h('p', {}, 'Decision: ', h('span', { id: 'try-decision' }, badge(label, kind)),
      outcome.error ? [' ', h('code', {}, `${outcome.error.code} ${outcome.error.message}`)] : null),
    outcome.payload ? h('div', {}, h('h3', {}, outcome.decision === 'modified' ? 'Modified payload' : 'Payload'),
      h('pre', { class: 'json', id: 'try-payload-out', tabindex: '0' }, JSON.stringify(outcome.payload, null, 2))) : null,
    outcome.hits.length ? table([
      { label: 'Rule', cell: x => x.rule },
      { label: 'Action', cell: x => [x.action, x.observed ? [' ', badge('observed', 'info')] : null] },
      { label: 'Detectors', cell: x => x.detectors.join(', ') || '—' },
      { label: 'Where', cell: x => x.pointers.map(p => h('div', {}, h('code', {}, p || '(whole payload)'))) },
      { label: 'Matches', cell: x => String(x.matches) },
      { label: 'Note', cell: x => x.note || '' },
    ], outcome.hits, { caption: 'Rule hits' }) : h('p', { class: 'muted' }, 'No hit: the rule found nothing, or does not apply to this hook, tool and host.'));
}

const PICKER_PAGE = 20;

/**
 * The hosts a rule names as ticked checkboxes, then the hosts the server finds for the search field (at most
 * {@link PICKER_PAGE} by name, so a thousand hosts never render at once); ticking adds a host, unticking removes it.
 */
function hostPicker(chosen, nameOf, check) {
  const selected = new Set(chosen);
  const list = h('ul', { class: 'checklist columns' });
  const status = h('p', { class: 'muted small', role: 'status', 'aria-live': 'polite' });
  const filter = h('input', { type: 'search', name: 'host-search', 'aria-label': 'Search hosts', placeholder: 'Search hosts',
    autocomplete: 'off', class: 'list-search' });
  let turn = 0;
  let typing = null;
  const item = (id, name) => {
    const box = h('input', { type: 'checkbox', name: 'host', value: id, checked: selected.has(id) });
    box.addEventListener('change', () => (box.checked ? selected.add(id) : selected.delete(id)));
    return h('li', {}, check(box, name));
  };
  async function search() {
    const mine = ++turn;
    const text = filter.value.trim();
    const found = await apiPage(`/hosts${query({ q: text, sort: 'name', limit: PICKER_PAGE })}`);
    if (mine !== turn) return;
    const ticked = [...selected];
    fill(list, ticked.map(id => item(id, nameOf(id))),
      found.rows.filter(x => !selected.has(x.id)).map(x => item(x.id, x.name)));
    fill(status, found.total > found.rows.length ? `${found.rows.length} of ${found.total} hosts shown: type to search.`
      : found.total === 0 ? `No host matches "${text}".` : '');
  }
  filter.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(search, 200);
  });
  search();
  return { element: h('div', { class: 'stack' }, filter, list, status), selected: () => [...selected] };
}

// The alerts of the operations work (docs/operations.md#alerts) beside the work they announce: the pages the
// navigation's badges lead to (held calls, tools in quarantine) say whether each new item also goes out as an alert
// (webhook, e-mail), and, for who may configure it, where it goes and how delivery went.
import { api } from '../api.js';
import { h, time } from '../dom.js';

/** A note for the page: {@code event} is the alert's name, {@code what} the items in words ("held calls"). */
export async function alertsNote(ctx, event, what) {
  const note = (...children) => h('p', { class: 'muted small', id: 'alerts-note', dataset: { event } }, ...children);
  if (!ctx.can('settings:manage')) {
    return note(`Each of the ${what} can also be sent as an alert (`, h('code', {}, event),
      ') to a webhook that an admin with settings:manage sets up.');
  }
  let alerts;
  try {
    alerts = await api('GET', '/alerts');
  } catch (error) {
    return note('Alerts: their state could not be read.');
  }
  if (!alerts.configured) {
    return note(`Alerts are off: the ${what} are not sent anywhere. A webhook or e-mail addresses set with `,
      h('code', {}, 'PUT /api/alerts'), ' receive each as ', h('code', {}, event), '.');
  }
  const s = alerts.status || {};
  const to = [alerts.webhookUrl ? h('code', {}, alerts.webhookUrl) : null,
    alerts.emailTo && alerts.emailTo.length ? `e-mail to ${alerts.emailTo.join(', ')}` : null].filter(Boolean);
  const failed = (s.failedAttempts || 0) + (s.mailFailedAttempts || 0);
  const lastError = s.lastError || s.lastMailError;
  return note('Alerts on: each of the ', what, ' is sent as ', h('code', {}, event), ' to ', to.flatMap((t, i) => (i ? [' and ', t] : [t])),
    ` (${(s.sent || 0) + (s.mailed || 0)} sent since this node started`, failed ? `, ${failed} failed attempts` : '',
    lastError ? [', last error: ', lastError] : '', '); set up by ', alerts.updatedBy || '—', ' ', time(alerts.updatedAt), '.');
}

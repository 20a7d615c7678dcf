// The System page's restore: a backup archive uploaded, verified and staged by ENP after a
// confirmation; the next start of ENP puts it in place (POST restore).

import { apiUpload } from '../api.js';
import { busy, clearErrors, confirmAction, field, fmtTime, h, notice, setChildren, showError,
  submit, value } from '../ui.js';

/** The "Restore from a backup" part of the Backup card; `s` is GET system. */
export function restoreForm(s) {
  const out = h('div', { 'aria-live': 'polite', 'data-testid': 'restore-result' },
    s.restoreStaged ? notice('warn', 'A restore is staged: restart ENP to apply it.') : null);
  const form = h('form', { class: 'stack', novalidate: true, 'aria-label': 'Restore a backup' },
    field({ name: 'archive', label: 'Backup file (enp-backup-….tar)', type: 'file',
      required: true }),
    field({ name: 'password', label: 'Your password', type: 'password', required: true,
      autocomplete: 'current-password',
      help: 'A restore replaces every setting, user and registration, so you repeat your ' +
        'password.' }),
    h('div', { class: 'actions' }, submit('Upload and stage restore', 'danger')));
  const fileInput = form.querySelector('[name=archive]');
  fileInput.accept = '.tar,application/x-tar';
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const file = fileInput.files[0];
    if (!file) return;
    if (!confirmAction(`Restore ${file.name}? At its next start ENP replaces its database, ` +
      'data key and console certificate with the backup\'s: every setting, user, registration ' +
      'and queued mail since the backup is replaced (the current files are kept in ' +
      'before-restore-<time> in the data directory).')) {
      return;
    }
    await busy(form.querySelector('button[type=submit]'), async () => {
      try {
        const r = await apiUpload('restore', file, 'application/x-tar',
          { 'X-ENP-Password': value(form, 'password') });
        form.querySelector('[name=password]').value = '';
        setChildren(out, notice('ok', r.message,
          h('p', {}, `Backup of ${fmtTime(r.createdAt)} (schema version ${r.schemaVersion}), ` +
            'verified. ENP goes on with the current data until it is restarted.')));
      } catch (e) {
        showError(form, e);
      }
    });
  });
  return [h('h3', {}, 'Restore from a backup'), form, out];
}

// Small DOM helpers shared by the pages: elements, form fields with error slots, notices.

/** h('div', {class: 'x', onclick: fn, 'aria-label': '…'}, child, 'text', [more]) */
export function h(tag, props = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'value' && !svg) {
      el.value = value;
    } else if (key === 'checked' || key === 'selected' || key === 'disabled') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

let uid = 0;
/**
 * A labelled input with an error slot. opts: {name (API field path), label, type, value,
 * placeholder, help, options: [[value, text]], rows, required, autocomplete, secretSet}.
 * A secret whose value is stored shows "set" and is sent only when something is typed.
 */
export function field(opts) {
  const id = `f${++uid}`;
  const describedBy = [`${id}-err`, opts.help ? `${id}-help` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: opts.name,
    'aria-describedby': describedBy,
    required: opts.required,
    autocomplete: opts.autocomplete || (opts.secret ? 'new-password' : 'off'),
  };
  let input;
  if (opts.options) {
    input = h('select', common, opts.options.map(([v, t]) =>
      h('option', { value: v, selected: String(v) === String(opts.value ?? '') }, t)));
  } else if (opts.rows) {
    input = h('textarea', { ...common, rows: opts.rows, spellcheck: 'false',
      placeholder: opts.secretSet ? 'set — paste a new value to replace it' : opts.placeholder },
    opts.value ?? '');
  } else if (opts.type === 'checkbox') {
    input = h('input', { ...common, type: 'checkbox', checked: opts.value });
  } else {
    input = h('input', {
      ...common,
      type: opts.type || 'text',
      value: opts.value ?? '',
      inputmode: opts.inputmode,
      min: opts.min,
      max: opts.max,
      placeholder: opts.secretSet ? 'set — type a new value to replace it' : opts.placeholder,
    });
  }
  if (opts.secret) input.dataset.secret = opts.secretSet ? 'set' : 'unset';
  const wrapper = h('div', { class: `field${opts.type === 'checkbox' ? ' check' : ''}`,
    'data-field': opts.name },
  opts.type === 'checkbox' ? [input, h('label', { for: id }, opts.label)]
    : [h('label', { for: id }, opts.label,
      opts.secretSet ? h('span', { class: 'badge ok small' }, 'set') : null), input],
  opts.help ? h('p', { class: 'help', id: `${id}-help` }, opts.help) : null,
  h('p', { class: 'field-error', id: `${id}-err`, role: 'alert' }));
  return wrapper;
}

/** The value of the field named `name` inside `form` (checkbox: boolean). */
export function value(form, name) {
  const el = form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!el) return undefined;
  if (el.type === 'checkbox') return el.checked;
  return el.value;
}

/** Clears the error messages of a form. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.help[data-hidden-by-error]').forEach((p) => {
    p.hidden = false;
    p.removeAttribute('data-hidden-by-error');
  });
  const banner = form.querySelector('.form-error');
  if (banner) banner.remove();
}

/** The text of a field's label, without its "set" badge. */
function labelOf(f) {
  const l = f.querySelector('label');
  return l && l.firstChild ? l.firstChild.textContent.trim() : '';
}

const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An API message in the words of the screen: field names ("auth.certFile", "keyFile",
 * "organizationId") become the labels of the form's fields ("Client certificate (PEM file on
 * the server)"); a leading "auth: " of a group without a field of its own is left out. Only
 * dotted or camelCase names are replaced, never an ordinary word.
 */
export function withLabels(form, message) {
  let text = String(message || '');
  const fields = [...form.querySelectorAll('[data-field]')]
    .map((f) => [f.dataset.field, labelOf(f)]).filter(([n, l]) => n && l);
  const prefix = /^([A-Za-z][\w.[\]]*): /.exec(text);
  if (prefix && !fields.some(([n]) => n === prefix[1]) &&
      fields.some(([n]) => n.startsWith(`${prefix[1]}.`))) {
    text = sentence(text.slice(prefix[0].length));
  }
  // Longest names first, so "auth.certFile" is replaced before "certFile".
  const names = [];
  const technical = (n) => /[A-Z.[]/.test(n);  // "auth.type", "keyFile"; never "password"
  for (const [n, l] of fields) {
    if (technical(n)) names.push([n, l]);
    const last = n.split('.').pop();
    if (last !== n && technical(last)) names.push([last, l]);
  }
  names.sort((a, b) => b[0].length - a[0].length);
  const seen = new Set();
  for (const [n, l] of names) {
    if (seen.has(n)) continue;
    seen.add(n);
    text = text.replace(new RegExp(`(^|[^\\w.\\[“])${escapeRe(n)}(?![\\w\\]])`, 'g'), `$1“${l}”`);
  }
  return text;
}

/**
 * Shows an API error next to the field it names ("auth.type", "exchange[0].auth.type", …),
 * else above the form's buttons, in the words of the screen (withLabels).
 */
export function showError(form, err) {
  clearErrors(form);
  const path = err.field || '';
  const fields = [...form.querySelectorAll('[data-field]')];
  const match = path && (fields.find((f) => f.dataset.field === path) ||
    fields.find((f) => f.dataset.field && (path.endsWith(`.${f.dataset.field}`) ||
      path.startsWith(`${f.dataset.field}.`) || path.startsWith(`${f.dataset.field}[`))));
  if (match) {
    // Next to its field, "newPassword: at least 12 characters" reads "At least 12 characters".
    const msg = err.message.startsWith(`${path}: `) ? sentence(err.message.slice(path.length + 2))
      : err.message;
    match.querySelector('.field-error').textContent = withLabels(form, msg);
    // The error says what applies ("At least 12 characters"): the help does not repeat it.
    const help = match.querySelector('.help');
    if (help) {
      help.hidden = true;
      help.dataset.hiddenByError = '';
    }
    const input = match.querySelector('input, select, textarea');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    return;
  }
  const banner = h('p', { class: 'form-error', role: 'alert' }, withLabels(form, err.message));
  const actions = form.querySelector('.actions');
  if (actions) actions.before(banner); else form.append(banner);
}

/**
 * Marks every required field of the form left empty ("Required: <label>"), all at once, and
 * returns false when there was one; true otherwise. The console runs it before each submit
 * (app.js), so an empty form lists everything it needs in one go.
 */
export function checkRequired(form) {
  const empty = [...form.querySelectorAll('[data-field]')].filter((f) => {
    const input = f.querySelector('input[required], select[required], textarea[required]');
    return input && !input.disabled && input.type !== 'checkbox' && !input.value.trim() &&
      input.dataset.secret !== 'set';
  });
  if (!empty.length) return true;
  clearErrors(form);
  for (const f of empty) {
    f.querySelector('.field-error').textContent = `Required: enter the ${labelOf(f)}.`;
    f.querySelector('input, select, textarea').setAttribute('aria-invalid', 'true');
  }
  const banner = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'required-fields' },
    `Fill in ${empty.length === 1 ? 'this field' : `these ${empty.length} fields`}: ` +
    `${empty.map(labelOf).join(', ')}.`);
  const actions = form.querySelector('.actions');
  if (actions) actions.before(banner); else form.append(banner);
  empty[0].querySelector('input, select, textarea').focus();
  return false;
}

/** A coloured message box: kind = ok | error | warn | info. */
export function notice(kind, ...content) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    ...content);
}

/** Runs fn while the button shows a busy state. */
export async function busy(button, fn) {
  const text = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = text;
  }
}

export function card(title, ...content) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...content);
}

export function pageHeader(title, intro) {
  return h('header', { class: 'page-head' }, h('h1', {}, title),
    intro ? h('p', { class: 'intro' }, intro) : null);
}

/** A definition list from [[term, value], …]; values may be nodes. */
export function facts(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(([k, v]) =>
    [h('dt', {}, k), h('dd', {}, v === '' || v === undefined || v === null ? '—' : v)]));
}

/** A table that becomes stacked cards on a phone: cells carry data-label. */
export function table(columns, rows, opts = {}) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': opts.testid },
    opts.caption ? h('caption', { class: 'sr-only' }, opts.caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: columns.length,
      class: 'empty' }, opts.empty || 'Nothing yet.')))));
}

export function row(columns, cells, props = {}) {
  return h('tr', props, cells.map((c, i) => h('td', { 'data-label': columns[i] }, c)));
}

export function badge(kind, text) {
  return h('span', { class: `badge ${kind}` }, text);
}

/** The zone of this browser as an offset, e.g. "+01:00" (the minus is U+2212: no line break). */
export function fmtZone(d) {
  const off = -d.getTimezoneOffset();
  const pad = (n) => String(n).padStart(2, '0');
  return `${off < 0 ? '\u2212' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/**
 * One form everywhere: "2024-03-05 09:15:00 +01:00", 24-hour, with the zone. Where it does not
 * fit (a phone's narrow cell) it breaks between the date and the time only: the date's hyphens
 * are U+2011 and the time keeps its zone (U+00A0).
 */
export function fmtTime(ms) {
  if (!ms) return '—';
  const d = new Date(Number(ms));
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}\u2011${pad(d.getMonth() + 1)}\u2011${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}\u00a0${fmtZone(d)}`;
}

export function ago(ms) {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Number(ms)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** A time with its age, e.g. "2024-03-05 09:15:00 (3 min ago)". */
export function when(ms) {
  return ms ? h('time', { datetime: new Date(Number(ms)).toISOString(), title: fmtTime(ms) },
    `${ago(ms)}`) : 'never';
}

/** A button that copies text to the clipboard (with a fallback for plain-HTTP contexts). */
export function copyButton(getText, label = 'Copy') {
  const btn = h('button', { type: 'button', class: 'btn small' }, label);
  btn.addEventListener('click', async () => {
    const text = getText();
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const tmp = h('textarea', { class: 'sr-only' }, text);
      document.body.append(tmp);
      tmp.select();
      document.execCommand('copy');
      tmp.remove();
    }
    btn.textContent = 'Copied';
    setTimeout(() => { btn.textContent = label; }, 1500);
  });
  return btn;
}

/** Reads a chosen file as text into a textarea. */
export function fileLoader(label, target, accept) {
  const id = `f${++uid}`;
  const input = h('input', { type: 'file', id, accept, class: 'file' });
  input.addEventListener('change', async () => {
    if (input.files.length) target.value = await input.files[0].text();
  });
  return h('div', { class: 'file-pick' }, h('label', { for: id, class: 'btn small' }, label), input);
}

export function button(text, onclick, kind = '') {
  return h('button', { type: 'button', class: `btn ${kind}`.trim(), onclick }, text);
}

export function submit(text, kind = 'primary') {
  return h('button', { type: 'submit', class: `btn ${kind}` }, text);
}

/** A confirm step for destructive actions (window.confirm, which needs no inline code). */
export function confirmAction(message) {
  return window.confirm(message);
}

/** el.replaceChildren without the null/false placeholders of conditional content. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** "the service account lacks…" -> "The service account lacks…" */
export function sentence(text) {
  const s = String(text || '');
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

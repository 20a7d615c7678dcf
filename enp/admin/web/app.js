// The console's entry point: session check, the shell (navigation) and a hash router.

import { api, setAuthLostHandler, setCsrfToken } from './api.js';
import { checkRequired, h } from './ui.js';
import * as login from './pages/login.js';
import * as password from './pages/password.js';
import * as dashboard from './pages/dashboard.js';
import * as alerts from './pages/alerts.js';
import * as exchange from './pages/exchange.js';
import * as mailServers from './pages/mail_servers.js';
import * as graph from './pages/graph.js';
import * as cns from './pages/cns.js';
import * as keys from './pages/keys.js';
import * as registrations from './pages/registrations.js';
import * as queue from './pages/queue.js';
import * as policies from './pages/policies.js';
import * as logs from './pages/logs.js';
import * as settings from './pages/settings.js';
import * as audit from './pages/audit.js';
import * as users from './pages/users.js';
import * as tokens from './pages/tokens.js';
import * as system from './pages/system.js';
import * as cluster from './pages/cluster.js';

// [name, title, module, the least role that may open it, the least role that may change what
// it shows]. The API refuses what a role may not do whatever the console shows; the console
// only leaves out (or greys out) what would be refused.
const PAGES = [
  ['dashboard', 'Dashboard', dashboard, 'operator', 'operator'],
  ['alerts', 'Alerts', alerts, 'operator', 'admin'],
  ['exchange', 'Exchange servers', exchange, 'operator', 'admin'],
  ['graph', 'Exchange Online', graph, 'operator', 'admin'],
  ['mail-servers', 'Mail servers', mailServers, 'operator', 'admin'],
  ['cns', 'CNS', cns, 'operator', 'admin'],
  ['keys', 'Registration keys', keys, 'operator', 'admin'],
  ['registrations', 'Registrations', registrations, 'helpdesk', 'admin'],
  ['queue', 'Queue', queue, 'operator', 'operator'],
  ['policies', 'Policies', policies, 'operator', 'admin'],
  ['logs', 'Logs', logs, 'operator', 'operator'],
  ['settings', 'Settings', settings, 'operator', 'admin'],
  ['audit', 'Audit log', audit, 'operator', 'operator'],
  ['users', 'Users', users, 'admin', 'admin'],
  ['tokens', 'API tokens', tokens, 'admin', 'admin'],
  ['system', 'System', system, 'operator', 'admin'],
  ['cluster', 'Cluster', cluster, 'operator', 'operator'],
];
const ROLES = ['helpdesk', 'operator', 'admin'];

const state = {
  user: '', role: '', totpEnabled: false, mustChangePassword: false, cleanup: null, renderId: 0,
  returnTo: '', ended: '', flash: '',
};

/** True when the logged-in user's role is `need` or above. */
export function may(need) {
  return ROLES.indexOf(state.role) >= ROLES.indexOf(need);
}

function allowedPages() {
  return PAGES.filter(([, , , need]) => may(need));
}

/**
 * A page the role may read but not change: a note at the top, and every form (searches and
 * filters apart, and forms marked data-changes="none", e.g. Explain a mail) and destructive
 * button greyed out, also those the page adds later.
 */
function readOnly(main) {
  const freeze = () => main.querySelectorAll(
    'form:not([role=search]):not([data-changes=none]) :is(input, select, textarea, button), ' +
    'button.danger')
    .forEach((el) => { el.disabled = true; });
  main.prepend(h('div', { class: 'notice info', role: 'status', 'data-testid': 'read-only' },
    `Read only: your role (${state.role}) cannot change what this page shows.`));
  freeze();
  const observer = new MutationObserver(freeze);
  observer.observe(main, { childList: true, subtree: true });
  return () => observer.disconnect();
}

function home() {
  const first = allowedPages()[0];
  return `#/${first ? first[0] : 'password'}`;
}

function setUser(s) {
  state.user = s.user || '';
  state.role = s.role || 'helpdesk';
  state.totpEnabled = Boolean(s.totpEnabled);
  state.mustChangePassword = Boolean(s.mustChangePassword);
  document.body.dataset.role = state.user ? state.role : '';
}
const appRoot = document.getElementById('app');

// Before any form's own submit handler: every required field left empty is marked at once,
// and nothing is sent.
document.addEventListener('submit', (ev) => {
  const form = ev.target;
  if (form instanceof HTMLFormElement && form.getAttribute('role') !== 'search' &&
      !checkRequired(form)) {
    ev.preventDefault();
    ev.stopImmediatePropagation();
  }
}, true);

function route() {
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  return { name: name || 'dashboard', arg: rest.map(decodeURIComponent).join('/') };
}

export function navigate(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

async function loadSession() {
  try {
    const s = await api('GET', 'session');
    setCsrfToken(s.csrfToken);
    setUser(s);
    return true;
  } catch (e) {
    state.user = '';
    return false;
  }
}

function shell(current) {
  const nav = h('nav', { class: 'nav', id: 'nav', 'aria-label': 'Console pages' },
    h('ul', {}, allowedPages().map(([name, title]) => h('li', {}, h('a', {
      href: `#/${name}`,
      'aria-current': name === current ? 'page' : undefined,
      onclick: () => document.body.classList.remove('nav-open'),
    }, title)))));
  const toggle = h('button', { type: 'button', class: 'btn menu', 'aria-controls': 'nav',
    'aria-expanded': 'false' }, 'Menu');
  toggle.addEventListener('click', () => {
    const open = document.body.classList.toggle('nav-open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  const logout = h('button', { type: 'button', class: 'btn ghost', id: 'logout' }, 'Log out');
  logout.addEventListener('click', async () => {
    try { await api('POST', 'logout'); } catch (e) { /* the session is gone either way */ }
    setCsrfToken('');
    setUser({});
    navigate('#/login');
  });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const top = h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: home() },
      h('img', { src: '/assets/favicon.svg', alt: '', width: 24, height: 24 }), 'ENP console'),
    h('a', { class: 'who', href: '#/password', title: 'Your password and second factor' },
      state.user, ' ', h('span', { class: 'badge muted small', 'data-testid': 'role' }, state.role)),
    logout, toggle);
  appRoot.replaceChildren(h('a', { class: 'skip', href: '#main' }, 'Skip to content'), top,
    h('div', { class: 'layout' }, nav, main));
  if (state.flash) {
    // Shown above the page, once.
    top.after(h('div', { class: 'notice ok flash', role: 'status', 'data-testid': 'flash' },
      state.flash));
    state.flash = '';
  }
  return main;
}

async function render() {
  const id = ++state.renderId;
  if (state.cleanup) {
    state.cleanup();
    state.cleanup = null;
  }
  const { name, arg } = route();
  if (!state.user && !(await loadSession())) {
    if (id !== state.renderId) return;
    // Where the administrator was going: the login leads back there.
    if (name !== 'login' && name !== 'password' && location.hash) state.returnTo = location.hash;
    document.title = 'Log in · ENP console';
    const target = state.returnTo && PAGES.find(([n]) => `#/${n}` === state.returnTo.split('/')
      .slice(0, 2).join('/'));
    login.render(appRoot, { onLogin, ended: state.ended, returnTo: target ? target[1] : '' });
    state.ended = '';
    return;
  }
  if (id !== state.renderId) return;
  if (state.mustChangePassword || name === 'password') {
    document.title = 'Change password · ENP console';
    password.render(appRoot, { forced: state.mustChangePassword, user: state.user, onChanged,
      totpEnabled: state.totpEnabled, back: home(),
      onTotpChanged: (on) => { state.totpEnabled = on; } });
    return;
  }
  const allowed = allowedPages();
  const page = allowed.find(([n]) => n === name) || allowed[0];
  if (!page) {
    navigate('#/password');
    return;
  }
  document.title = `${page[1]} · ENP console`;
  const main = shell(page[0]);
  try {
    const pageCleanup = await page[2].render(main, { arg, navigate, may, user: state.user });
    const frozen = may(page[4]) ? null : readOnly(main);
    state.cleanup = () => {
      if (frozen) frozen();
      if (pageCleanup) pageCleanup();
    };
  } catch (e) {
    main.append(h('div', { class: 'notice error', role: 'alert' }, e.message));
  }
  if (id !== state.renderId && state.cleanup) {
    state.cleanup();
    state.cleanup = null;
  }
}

// The page to return to after the login (and a forced password change), when the role may
// open it.
function afterLogin() {
  const back = state.returnTo;
  state.returnTo = '';
  const page = back && allowedPages().find(([n]) => back === `#/${n}` ||
    back.startsWith(`#/${n}/`));
  return page ? back : home();
}

function onLogin(answer) {
  setCsrfToken(answer.csrfToken);
  setUser(answer);
  if (state.mustChangePassword) {
    navigate('#/password');
  } else {
    navigate(afterLogin());
  }
}

function onChanged() {
  if (!state.mustChangePassword) state.flash = 'Your password was changed.';
  state.mustChangePassword = false;
  navigate(afterLogin());
}

setAuthLostHandler((what, why) => {
  if (what === 'password') {
    state.mustChangePassword = true;
  } else {
    if (state.user) {
      // A session that worked a moment ago: say why it ended.
      state.ended = 'Your session ended' + (why ? ` (${why})` : '') + ': it timed out, or ' +
        'your password, role or account was changed elsewhere. Log in again to go on.';
      state.returnTo = location.hash;
    }
    setUser({});
    setCsrfToken('');
  }
  render();
});

window.addEventListener('hashchange', render);
render();

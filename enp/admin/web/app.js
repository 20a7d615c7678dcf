// The console's entry point: session check, the shell (navigation) and a hash router.

import { api, setAuthLostHandler, setCsrfToken } from './api.js';
import { h } from './ui.js';
import * as login from './pages/login.js';
import * as password from './pages/password.js';
import * as dashboard from './pages/dashboard.js';
import * as alerts from './pages/alerts.js';
import * as exchange from './pages/exchange.js';
import * as graph from './pages/graph.js';
import * as cns from './pages/cns.js';
import * as keys from './pages/keys.js';
import * as registrations from './pages/registrations.js';
import * as policies from './pages/policies.js';
import * as logs from './pages/logs.js';
import * as settings from './pages/settings.js';
import * as audit from './pages/audit.js';

const PAGES = [
  ['dashboard', 'Dashboard', dashboard],
  ['alerts', 'Alerts', alerts],
  ['exchange', 'Exchange servers', exchange],
  ['graph', 'Exchange Online', graph],
  ['cns', 'CNS', cns],
  ['keys', 'Registration keys', keys],
  ['registrations', 'Registrations', registrations],
  ['policies', 'Policies', policies],
  ['logs', 'Logs', logs],
  ['settings', 'Settings', settings],
  ['audit', 'Audit log', audit],
];

const state = { user: '', mustChangePassword: false, cleanup: null, renderId: 0 };
const appRoot = document.getElementById('app');

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
    state.user = s.user;
    state.mustChangePassword = Boolean(s.mustChangePassword);
    return true;
  } catch (e) {
    state.user = '';
    return false;
  }
}

function shell(current) {
  const nav = h('nav', { class: 'nav', id: 'nav', 'aria-label': 'Console pages' },
    h('ul', {}, PAGES.map(([name, title]) => h('li', {}, h('a', {
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
    state.user = '';
    navigate('#/login');
  });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const top = h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/dashboard' },
      h('img', { src: '/assets/favicon.svg', alt: '', width: 24, height: 24 }), 'ENP console'),
    h('span', { class: 'who' }, state.user), logout, toggle);
  appRoot.replaceChildren(h('a', { class: 'skip', href: '#main' }, 'Skip to content'), top,
    h('div', { class: 'layout' }, nav, main));
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
    document.title = 'Log in · ENP console';
    login.render(appRoot, { onLogin });
    return;
  }
  if (id !== state.renderId) return;
  if (state.mustChangePassword || name === 'password') {
    document.title = 'Change password · ENP console';
    password.render(appRoot, { forced: state.mustChangePassword, user: state.user, onChanged });
    return;
  }
  const page = PAGES.find(([n]) => n === name) || PAGES[0];
  document.title = `${page[1]} · ENP console`;
  const main = shell(page[0]);
  try {
    state.cleanup = (await page[2].render(main, { arg, navigate })) || null;
  } catch (e) {
    main.append(h('div', { class: 'notice error', role: 'alert' }, e.message));
  }
  if (id !== state.renderId && state.cleanup) {
    state.cleanup();
    state.cleanup = null;
  }
}

function onLogin(answer) {
  setCsrfToken(answer.csrfToken);
  state.user = answer.user;
  state.mustChangePassword = Boolean(answer.mustChangePassword);
  navigate(state.mustChangePassword ? '#/password' : '#/dashboard');
}

function onChanged() {
  state.mustChangePassword = false;
  navigate('#/dashboard');
}

setAuthLostHandler((what) => {
  if (what === 'password') {
    state.mustChangePassword = true;
  } else {
    state.user = '';
    setCsrfToken('');
  }
  render();
});

window.addEventListener('hashchange', render);
render();

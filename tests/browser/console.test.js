'use strict';
// The admin console in Debian's chromium: first login and forced change, Exchange test (one
// success, one impersonation failure), an Exchange Online tenant (Test of unsaved settings), CNS and Send test, a registration key, a registration's
// decision trace, the dashboard chart moving after a notification, a settings import of the
// policy alone (previewed, confirmed, the rest kept), alert mail set up with the
// iCloud preset and a test mail, an alert on the dashboard and in the history, a help desk user
// (created on the Users page) who sees registrations and decision traces but no settings and
// turns on a second factor, the System page and a backup downloaded there and restored with
// `enp restore` into a fresh data directory that ENP then serves, every page's screenshot at
// desktop (1280x800) and phone (390x844) size, and the phone layout; and the iCloud preset on
// the Mail servers page pointed at a real Dovecot, an iCloud-style account registered, its mail
// pushed and its connection state on the registration page. Steps run in order and share one browser session.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');
const stackLib = require('./stack.js');

const NEW_PASSWORD = 'browser-test-password-42';
const SHOTS = process.env.SCREENSHOT_DIR;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-quic', '--no-first-run',
  '--disable-component-update', '--disable-sync'];

let stack;
let browser;
let page;
let registrationKey = '';
const pageErrors = [];

/** A step of the flow; once one failed, the later ones are skipped (they build on it). */
let broken = '';
function step(name, fn) {
  it(name, async (t) => {
    if (broken) {
      t.skip(`after the failed step "${broken}"`);
      return;
    }
    try {
      await fn();
    } catch (e) {
      broken = name;
      if (page) await page.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true })
        .catch(() => {});
      throw e;
    }
  });
}

async function shot(name, p = page) {
  await p.evaluate(() => window.scrollTo(0, 0));  // the sticky top bar belongs at the top
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function openPage(title, p = page) {
  await p.getByRole('navigation').getByRole('link', { name: title, exact: true }).click();
  await p.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** The dashboard chart's totals, as the page drew them. */
function chartTotal(p = page) {
  return p.locator('svg.chart').evaluate((svg) => ['delivered', 'suppressed', 'failed']
    .reduce((sum, k) => sum + Number(svg.dataset[k]), 0));
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of a base32 secret, `offset` steps from now. */
function totp(base32, offset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const o = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** Nothing wider than the viewport (no sideways scrolling on a phone). */
async function assertNoOverflow(p) {
  const { scroll, width } = await p.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `page is ${scroll} px wide on a ${width} px screen`);
}

describe('admin console in chromium', { timeout: 360000 }, () => {
  before(async () => {
    stack = await new stackLib.Stack().start();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60000,
    });
    const context = await browser.newContext({ ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.setDefaultTimeout(20000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    page.on('dialog', (d) => d.accept());
  });

  after(async () => {
    if (browser) await browser.close();
    if (stack) {
      await stack.stop();
    }
  });

  step('serves the console with its security headers', async () => {
    const resp = await page.goto(`${stack.adminUrl}/`);
    assert.equal(resp.status(), 200);
    const hdr = resp.headers();
    assert.match(hdr['content-security-policy'], /default-src 'self'/);
    assert.match(hdr['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(hdr['x-content-type-options'], 'nosniff');
    assert.equal(hdr['x-frame-options'], 'DENY');
    assert.equal(hdr['referrer-policy'], 'no-referrer');
    const js = await page.request.get(`${stack.adminUrl}/assets/app.js`);
    assert.match(js.headers()['content-type'], /^text\/javascript/);
    assert.ok(js.headers().etag);
    assert.equal((await page.request.get(`${stack.adminUrl}/assets/nope.js`)).status(), 404);
  });

  step('first login with the generated password forces a change', async () => {
    const initial = fs.readFileSync(stack.passwordFile, 'utf8').trim();
    assert.equal(fs.statSync(stack.passwordFile).mode & 0o777, 0o600);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong user name or password.').waitFor();
    await page.locator('[data-testid="login-hint"][data-first-start="true"]').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(initial);
    await shot('01-login');
    await page.getByRole('button', { name: 'Log in' }).click();

    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await page.getByLabel('Current (generated) password').fill(initial);
    await page.getByLabel('New password', { exact: true }).fill('too-short');
    await page.getByLabel('New password again').fill('too-short');
    await page.getByRole('button', { name: 'Change password' }).click();
    const err = page.locator('[data-field="newPassword"] .field-error');
    await err.filter({ hasText: /^At least 12 characters/ }).waitFor();
    // The rule is stated once: the error takes the place of the field's help.
    assert.ok(await page.locator('[data-field="newPassword"] .help').isHidden());
    await shot('02-forced-password-change');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    assert.ok(!fs.existsSync(stack.passwordFile), 'the initial password file is removed');
    await page.locator('svg.chart').waitFor();
    // An empty installation: the first steps, none done, each linking to its page.
    const checklist = page.locator('[data-testid="checklist"]');
    await checklist.waitFor();
    for (const step of ['exchange', 'cns', 'keys', 'alerts', 'certificate', 'base-url']) {
      assert.equal(await checklist.locator(`[data-step="${step}"]`).getAttribute('data-done'),
        'false', step);
    }
    assert.equal(await checklist.locator('[data-step="cns"] a').getAttribute('href'), '#/cns');
    // "Not ready" names what is missing as the pages label it, each linked to its page.
    const notReady = page.locator('[data-testid="not-ready"]');
    assert.equal(await notReady.getByRole('link', { name: 'Organisation token not set' })
      .getAttribute('href'), '#/cns');
    assert.equal(await notReady.getByRole('link', { name: /^No registration key/ })
      .getAttribute('href'), '#/keys');
    assert.doesNotMatch(await notReady.innerText(), /cns\.token/);
    await shot('03-dashboard');
  });

  step('adds an Exchange server and tests it: one success, one impersonation failure', async () => {
    await openPage('Exchange servers');
    await page.getByRole('button', { name: 'Add server' }).click();
    const form = page.getByRole('form', { name: 'Add an Exchange server' });
    // An empty form names everything it needs at once, in the words on the screen.
    await form.getByRole('button', { name: 'Add server' }).click();
    const required = form.locator('[data-testid="required-fields"]');
    await required.waitFor();
    assert.match(await required.innerText(), /Name, EWS URL/);
    assert.equal(await form.locator('[aria-invalid="true"]').count(), 2);
    // The API's field names become the labels on the screen.
    await form.getByLabel('Name').fill('fake');
    await form.getByLabel('EWS URL').fill('https://mail.contoso.test/EWS/Exchange.asmx');
    await form.getByLabel('Authentication', { exact: true }).selectOption('certificate');
    await form.getByRole('button', { name: 'Add server' }).click();
    const banner = form.locator('.form-error');
    await banner.filter({ hasText: /Client certificate \(PEM file on the server\)/ }).waitFor();
    assert.doesNotMatch(await banner.innerText(), /certFile|keyFile|^auth:/);
    await form.getByLabel('Authentication', { exact: true }).selectOption('basic');
    await form.getByLabel('EWS URL').fill('ftp://wrong');
    await form.getByLabel('Service account').fill(stackLib.SERVICE_USER);
    await form.getByLabel('Password').fill(stackLib.SERVICE_PASSWORD);
    await form.getByLabel('Mail domains it serves').fill('contoso.com');
    await form.getByRole('button', { name: 'Add server' }).click();
    await form.locator('[data-field="ewsUrl"] .field-error').filter({ hasText: /http\(s\) URL/ })
      .waitFor();
    await shot('04-exchange-field-error');
    await form.getByLabel('EWS URL').fill(stack.ewsUrl);
    await form.getByRole('button', { name: 'Add server' }).click();
    // http:// with Basic would send the password in clear: refused unless a lab says so.
    await form.locator('[data-field="ewsUrl"] .field-error')
      .filter({ hasText: /password in clear/ }).waitFor();
    await form.getByLabel(/Lab only: allow http/).check();
    await form.getByRole('button', { name: 'Add server' }).click();

    const server = page.locator('[data-server="fake"]');
    await server.waitFor();
    await server.getByText('set', { exact: true }).waitFor();  // the password, never shown
    const mailbox = server.getByLabel('Test with mailbox');
    await mailbox.fill('alice@contoso.com');
    await server.getByRole('button', { name: 'Test' }).click();
    const ok = server.locator('.test-result [data-test-ok="true"]');
    await ok.waitFor();
    assert.match(await ok.innerText(), /Test passed/);

    await mailbox.fill('bob@contoso.com');
    await server.getByRole('button', { name: 'Test' }).click();
    const failed = server.locator('.test-result [data-test-ok="false"]');
    await failed.waitFor();
    const text = await failed.innerText();
    assert.match(text, /Test failed/);
    assert.match(text, /impersonat/i, text);
    await shot('05-exchange-test');
  });

  step('adds an Exchange Online tenant: a field error, Test of the unsaved settings, the ' +
    'secret never shown', async () => {
    await openPage('Exchange Online');
    await page.getByRole('button', { name: 'Add tenant' }).click();
    const form = page.getByRole('form', { name: 'Add a Graph tenant' });
    await form.getByLabel('Name').fill('online');
    await form.getByLabel('Directory (tenant) ID').fill('contoso.onmicrosoft.com');
    await form.getByLabel('Application (client) ID').fill('not-a-guid');
    await form.getByLabel('Credential').selectOption('secret');
    await form.getByLabel('Client secret (its Value)').fill('browser-graph-secret');
    await form.getByLabel('Mail domains in Exchange Online').fill('online.contoso.com');
    // Nothing listens there: the test explains that the token endpoint cannot be reached.
    await form.getByLabel('Authority URL').fill('http://127.0.0.1:9');
    await form.getByLabel('Graph URL').fill('http://127.0.0.1:9');
    await form.getByRole('button', { name: 'Add tenant' }).click();
    await form.locator('[data-field="clientId"] .field-error').filter({ hasText: /GUID/ })
      .waitFor();
    await form.getByLabel('Application (client) ID').fill('6731de76-14a6-49ae-97bc-6eba6914391e');
    await form.getByRole('button', { name: 'Test these settings' }).click();
    const failed = form.locator('.test-result [data-test-ok="false"]');
    await failed.waitFor();
    assert.match(await failed.innerText(), /cannot reach the token endpoint/);
    await shot('05b-graph-test');
    await form.getByRole('button', { name: 'Add tenant' }).click();
    const tenant = page.locator('[data-tenant="online"]');
    await tenant.waitFor();
    await tenant.getByText('set', { exact: true }).waitFor();  // the secret, never shown
    assert.equal(await page.getByText('browser-graph-secret').count(), 0);
    await shot('05c-graph');
  });

  step('sets up CNS, generates a key and sends a test push to the fake CNS', async () => {
    await openPage('CNS');
    await page.getByRole('button', { name: 'Generate ES256 key' }).click();
    await page.locator('#public-key pre').filter({ hasText: 'BEGIN PUBLIC KEY' }).waitFor();

    const form = page.getByRole('form', { name: 'CNS settings' });
    await form.getByLabel('CNS URL').fill(stack.cnsUrl);
    await form.getByLabel('Organisation id').fill(stackLib.CNS_ISSUER);
    await form.getByLabel('Organisation token').fill(stackLib.CNS_TOKEN);
    await form.getByLabel('Audience').fill(stackLib.CNS_AUDIENCE);
    await form.getByLabel('Algorithm').selectOption('HS256');
    await form.getByLabel('Signing key').fill(stackLib.CNS_SECRET);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('CNS settings saved.').waitFor();
    const token = page.getByRole('form', { name: 'CNS settings' }).getByLabel('Organisation token');
    assert.equal(await token.inputValue(), '', 'a saved secret is never shown again');
    assert.match(await token.getAttribute('placeholder'), /^set/);

    await page.getByRole('button', { name: 'Send test' }).click();
    const result = page.locator('.test-result [data-test-ok]');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-test-ok'), 'true', await result.innerText());
    await shot('06-cns');
  });

  step('creates a registration key, shown once', async () => {
    await openPage('Registration keys');
    const form = page.getByRole('form', { name: 'Create key' });
    await form.getByLabel('Label').fill('browser');
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = page.locator('[data-secret]').first();
    await secret.waitFor();
    registrationKey = (await secret.innerText()).trim();
    assert.ok(registrationKey.length >= 22, registrationKey);
    await page.locator('tr[data-key="browser"]').waitFor();
    await shot('07-registration-keys');
  });

  step('API tokens have a page of their own: shown once, revoked', async () => {
    await openPage('API tokens');
    const form = page.getByRole('form', { name: 'Create token' });
    await form.getByLabel('Label').fill('nightly-backup');
    await form.getByLabel('Role').selectOption('admin');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = page.locator('[data-secret]').first();
    await secret.waitFor();
    assert.match((await secret.innerText()).trim(), /^enp_/);
    await page.locator('[data-testid="api-tokens"]').getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByText('API token "nightly-backup" revoked.').waitFor();
    assert.equal(await page.locator('[data-secret]').count(), 0);
    await shot('07b-api-tokens');
  });

  step('the dashboard chart moves after a notification', async () => {
    const reg = await stack.register(registrationKey, {
      mailbox: 'alice@contoso.com', deviceToken: 'browser-device-0001', platform: 'ios',
      timeZone: 'Europe/Berlin', workHoursOnly: false });
    await openPage('Dashboard');
    await page.locator('svg.chart').waitFor();
    // Exchange and CNS were tested and a key created: those steps are done, the rest is not.
    const checklist = page.locator('[data-testid="checklist"]');
    for (const step of ['exchange', 'cns', 'keys']) {
      await checklist.locator(`[data-step="${step}"][data-done="true"]`).waitFor();
    }
    await checklist.locator('[data-step="alerts"][data-done="false"]').waitFor();
    const before = await chartTotal();
    await stack.push(reg.callbackUrl, 'AAMkADAliceMessage0001=');
    // The dashboard refreshes itself every 5 s; wait for the drawn totals to change.
    await page.waitForFunction((n) => {
      const svg = document.querySelector('svg.chart');
      return svg && ['delivered', 'suppressed', 'failed']
        .reduce((sum, k) => sum + Number(svg.dataset[k]), 0) > n;
    }, before, { timeout: 30000 });
    assert.equal(await chartTotal(), before + 1);
    assert.ok(await page.locator('svg.chart rect.bar').count() >= 1);
    await page.locator('[data-testid="health"]').getByText('OK').first().waitFor();
    await shot('08-dashboard-after-notification');
  });

  step('finds the registration and reads its decision trace', async () => {
    await openPage('Registrations');
    const form = page.getByRole('search');
    await form.getByLabel(/^Mailbox contains/).fill('ALICE');
    await form.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'alice@contoso.com' }).click();
    await page.getByRole('heading', { level: 1, name: 'alice@contoso.com' }).waitFor();
    const rows = page.locator('[data-testid="decisions"] tbody tr');
    await rows.first().waitFor();
    const text = await rows.first().innerText();
    assert.match(text, /deliver/i, text);
    assert.match(text, /all times/i, text);
    await page.getByText('Europe/Berlin').first().waitFor();
    await shot('09-registration-detail');
  });

  step('edits policies with field errors next to the field', async () => {
    await openPage('Policies');
    await page.getByLabel('Snippet length (characters)').fill('100');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save policies' }).click();
    await page.locator('[data-field="registrationDefaults.timeZone"] .field-error')
      .filter({ hasText: /Mars\/Olympus/ }).waitFor();
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Save policies' }).click();
    await page.getByText('Policies saved').waitFor();
    await shot('10-policies');
  });

  step('shows and filters logs', async () => {
    await openPage('Logs');
    await page.getByLabel('Minimum level').selectOption('warn');
    await page.getByLabel('Logger').selectOption('admin');
    await page.getByRole('button', { name: 'Show' }).click();
    const logs = page.locator('[data-testid="logs"]');
    await logs.getByText(/first start/).first().waitFor();
    // The warn filter applied (no info row left), and a row's level reads as that filter.
    await page.waitForFunction(() => ![...document.querySelectorAll(
      '[data-testid="logs"] tbody .badge')].some((b) => b.textContent === 'info'));
    await logs.locator('tbody .badge', { hasText: /^warn$/ }).first().waitFor();
    await shot('11-logs');
    await page.getByLabel('Containing').fill('no line says this');
    await page.getByRole('button', { name: 'Show' }).click();
    await logs.getByText('No matching log line.').waitFor();
    await page.getByLabel('Containing').fill('FIRST START');
    await page.getByRole('button', { name: 'Show' }).click();
    await logs.getByText(/first start/).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click()]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    assert.match(text, / warn \[admin\] first start/);
  });

  step('shows settings and exports them, secrets only with the password', async () => {
    await openPage('Settings');
    await page.getByText('Admin TLS certificate').waitFor();
    const form = page.getByRole('form', { name: 'Export settings' });
    await form.getByRole('button', { name: 'Export' }).click();
    const out = page.locator('#export-text');
    await out.filter({ hasText: '"passwordSet": true' }).waitFor();
    assert.ok(!(await out.innerText()).includes(stackLib.CNS_SECRET));
    await form.getByLabel('Include secrets').check();
    await form.getByLabel('Your password').fill('wrong-password-123');
    await form.getByRole('button', { name: 'Export' }).click();
    await form.locator('[data-field="password"] .field-error')
      .filter({ hasText: /^The password is wrong$/ }).waitFor();
    assert.equal(await out.count(), 0, 'the earlier export is no longer on screen');
    const failed = await (await page.request.get(
      `${stack.adminUrl}/api/v1/admin/audit?action=settings.export&limit=1`)).json();
    assert.equal(failed[0].action, 'settings.export.failed');
    await form.getByLabel('Your password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Export' }).click();
    await out.filter({ hasText: stackLib.CNS_SECRET }).waitFor();
    await shot('12-settings');
  });

  step('imports a file holding only the policy: a preview, what is kept, then a confirmation',
    async () => {
      await openPage('Settings');
      const form = page.getByRole('form', { name: 'Import settings' });
      // The policy section as the Policies step left it, with two changes.
      const file = { policy: { privacy: 'sender-only', snippetLength: 100, maxAgeMinutes: 30,
        registrationDefaults: { timeZone: 'Europe/Berlin' } } };
      await form.locator('input[type=file]').setInputFiles({ name: 'policy-only.json',
        mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
      await page.waitForFunction(() => document.querySelector(
        'form[aria-label="Import settings"] textarea').value.includes('sender-only'));
      await form.getByRole('button', { name: 'Preview changes' }).click();

      const result = page.locator('#import-result');
      const privacy = result.locator('tr[data-path="policy.privacy"]');
      await privacy.waitFor();
      assert.match(await privacy.innerText(), /changed[\s\S]*"full"[\s\S]*"sender-only"/);
      await result.getByText('Sections not in the file are left as they are: exchange, graph, mailServers, cns, ' +
        'registrationKeys, alerts.').waitFor();
      const previewText = await result.innerText();
      for (const secret of [stackLib.CNS_SECRET, stackLib.CNS_TOKEN, stackLib.SERVICE_PASSWORD]) {
        assert.ok(!previewText.includes(secret), 'no secret in the preview');
      }
      // Nothing is saved before the confirmation.
      const policyNow = async () => (await (await page.request.get(
        `${stack.adminUrl}/api/v1/admin/policy`)).json()).privacy;
      assert.equal(await policyNow(), 'full');
      await shot('12-settings-import-preview');

      await result.getByRole('button', { name: 'Apply these changes' }).click();
      await result.getByText(/^Settings imported: 2 changes\.$/).waitFor();
      await result.getByText('Sections not in the file were left as they are: exchange, graph, mailServers, cns, ' +
        'registrationKeys, alerts.').waitFor();
      assert.equal(await policyNow(), 'sender-only');

      // The Exchange server and CNS are still there, and CNS still takes a signed push.
      await openPage('Exchange servers');
      await page.locator('[data-server="fake"]').getByText('set', { exact: true }).waitFor();
      await openPage('CNS');
      const cns = page.getByRole('form', { name: 'CNS settings' });
      assert.equal(await cns.getByLabel('CNS URL').inputValue(), stack.cnsUrl);
      assert.equal(await cns.getByLabel('Organisation id').inputValue(), stackLib.CNS_ISSUER);
      assert.equal(await cns.getByLabel('Audience').inputValue(), stackLib.CNS_AUDIENCE);
      assert.equal(await cns.getByLabel('Algorithm').inputValue(), 'HS256');
      assert.match(await cns.getByLabel('Organisation token').getAttribute('placeholder'), /^set/);
      await page.getByRole('button', { name: 'Send test' }).click();
      const test = page.locator('.test-result [data-test-ok]');
      await test.waitFor();
      assert.equal(await test.getAttribute('data-test-ok'), 'true', await test.innerText());

      // The audit log says what changed, without a secret.
      const audit = await (await page.request.get(
        `${stack.adminUrl}/api/v1/admin/audit?action=settings.import&limit=1`)).json();
      assert.equal(audit[0].action, 'settings.import');
      assert.deepEqual(audit[0].details.changes.map((c) => c.path),
        ['policy.maxAgeMinutes', 'policy.privacy']);
      assert.deepEqual(audit[0].details.kept, ['exchange', 'graph', 'mailServers', 'cns',
        'registrationKeys', 'alerts']);
    });

  step('lists the audit log', async () => {
    await openPage('Audit log');
    await page.locator('[data-testid="audit"]').getByText(/^exchange\./).first().waitFor();
    await shot('13-audit');
  });

  step('configures alert mail with the iCloud preset and sends a test mail', async () => {
    await stack.startSmtp();
    await openPage('Alerts');
    await page.locator('[data-testid="alert-history"]').getByText('No alerts yet.').waitFor();
    const form = page.getByRole('form', { name: 'Alert mail' });
    await form.getByLabel('Provider').selectOption('icloud');
    assert.equal(await form.getByLabel('SMTP server').inputValue(), 'smtp.mail.me.com');
    assert.equal(await form.getByLabel('Port').inputValue(), '587');
    assert.equal(await form.getByLabel('Security').inputValue(), 'starttls');
    await form.getByText(/app-specific password/).first().waitFor();
    // The provider's settings, pointed at the local mail server that stands in for it.
    await form.getByLabel('SMTP server').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(stack.smtpPort));
    await form.getByLabel('User name').fill(stackLib.SMTP_USER);
    await form.getByLabel('Password').fill(stackLib.SMTP_PASSWORD);
    await form.getByLabel('From address').fill(stackLib.SMTP_USER);
    await form.getByLabel('CA file (PEM, optional)').fill(stack.smtpCert);
    await form.getByLabel('Recipients').fill('oncall@contoso.com');
    await form.getByLabel('Group alerts within (seconds)').fill('0');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Alert mail saved.').waitFor();
    const password = page.getByRole('form', { name: 'Alert mail' }).getByLabel('Password');
    assert.equal(await password.inputValue(), '', 'a saved secret is never shown again');

    await page.getByRole('button', { name: 'Send test mail' }).click();
    const result = page.locator('.test-result [data-test-ok]');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-test-ok'), 'true', await result.innerText());
    const mails = await stack.waitForMail(1);
    assert.match(mails[0], /^Subject: \[ENP\] Test mail\r?$/m);
    assert.match(mails[0], /^X-Envelope-To: oncall@contoso.com\r?$/m);
    assert.ok(!mails[0].includes(stackLib.SMTP_PASSWORD));
    await shot('14-alerts-test-mail');
  });

  step('an impersonation failure fires an alert: mailed, on the dashboard and in the history',
    async () => {
      const reg = await stack.register(registrationKey, {
        mailbox: 'bob@contoso.com', deviceToken: 'browser-device-0002', platform: 'ios',
        timeZone: 'Europe/Berlin', workHoursOnly: false });
      await stack.push(reg.callbackUrl, 'AAMkADBobMessage0001=');
      const mails = await stack.waitForMail(2);
      assert.match(mails[1], /^Subject: \[ENP critical\] Exchange fake: impersonation denied\r?$/m);
      await openPage('Dashboard');
      await page.locator('[data-testid="dashboard-alerts"]')
        .getByText('Exchange fake: impersonation denied').waitFor();
      await shot('15-dashboard-alert');
      await openPage('Alerts');
      await page.locator('[data-testid="firing"] tr[data-key="exchange-auth:fake"]').waitFor();
      await page.locator('[data-testid="alert-history"] tr[data-key="exchange-auth:fake"]')
        .waitFor();
      await shot('16-alerts-firing');
      // Bob's mail waits for its next attempt (about five minutes): the queue lists it, and
      // "Retry all now" tries it at once (still refused: the alert stays, the mail waits again).
      await openPage('Queue');
      const waiting = page.locator('[data-testid="queue-queued"]');
      await waiting.getByText('bob@contoso.com').waitFor();
      await shot('16b-queue-waiting');
      await page.getByRole('button', { name: 'Retry all now' }).click();
      await page.getByText(/[1-9]\d* retried now\./).waitFor();
      await page.getByRole('tab', { name: 'Dead letters' }).click();
      await page.locator('[data-testid="queue-dead"]').getByText('No dead letter.').waitFor();
    });

  step('lets ENP keep the subscriptions and read working hours from the mailbox', async () => {
    await openPage('Exchange servers');
    const server = page.locator('[data-server="fake"]');
    await server.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit fake' });
    await form.getByLabel('Push subscriptions made by').selectOption('enp');
    await form.getByLabel('Heartbeat every (minutes)').fill('5');
    await form.getByRole('button', { name: 'Save' }).click();
    await server.getByText('made and kept by ENP, heartbeat every 5 min').waitFor();
    await shot('17-exchange-enp-subscriptions');

    const reg = await stack.register(registrationKey, {
      mailbox: 'carol@contoso.com', deviceToken: 'browser-device-0003', platform: 'ios',
      workHoursFrom: 'mailbox', workHoursOnly: true });
    // ENP subscribes a new registration and reads its mailbox's hours within seconds.
    const url = `${stack.adminUrl}/api/v1/admin/registrations/${encodeURIComponent(reg.id)}`;
    let seen = {};
    for (const deadline = Date.now() + 30000; ;) {
      seen = await (await page.request.get(url)).json();
      if (seen.subscription.state === 'active' && seen.mailboxHours.state === 'found') break;
      assert.ok(Date.now() < deadline, JSON.stringify(seen));
      await new Promise((resolve) => { setTimeout(resolve, 200); });  // the polling interval
    }
    await page.goto(`${stack.adminUrl}/#/registrations/${encodeURIComponent(reg.id)}`);
    await page.getByRole('heading', { level: 1, name: 'carol@contoso.com' }).waitFor();
    assert.equal(await page.locator('[data-testid="subscription-state"]').innerText(), 'active');
    const hours = await page.locator('[data-testid="hours-source"]').innerText();
    assert.match(hours, /^The mailbox \(Exchange\): Mon Tue Wed Thu Fri 08:00–16:30 /, hours);
    await shot('18-registration-enp-subscription');
  });

  step('adds a help desk user who reads decision traces but is not offered settings', async () => {
    await openPage('Users');
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('User name').fill('desk');
    await form.getByLabel('Role').selectOption('helpdesk');
    await form.getByLabel('First password').fill('first-desk-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.locator('[data-user="desk"]').waitFor();
    await shot('19-users');

    const desk = await browser.newContext({ ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 860 } });
    const p = await desk.newPage();
    p.setDefaultTimeout(20000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${stack.adminUrl}/`);
    await p.getByLabel('User', { exact: true }).fill('desk');
    await p.getByLabel('Password', { exact: true }).fill('first-desk-password');
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByLabel('Current (generated) password').fill('first-desk-password');
    await p.getByLabel('New password', { exact: true }).fill('desk-own-password-1');
    await p.getByLabel('New password again').fill('desk-own-password-1');
    await p.getByRole('button', { name: 'Change password' }).click();
    await p.getByRole('heading', { level: 1, name: 'Registrations' }).waitFor();
    const nav = await p.getByRole('navigation').innerText();
    assert.doesNotMatch(nav, /Settings|Dashboard|Users|Exchange/, nav);
    // Typing the address of a page the role cannot use lands on one it can; the API refuses.
    await p.goto(`${stack.adminUrl}/#/settings`);
    await p.getByRole('heading', { level: 1, name: 'Registrations' }).waitFor();
    assert.equal((await p.request.get(`${stack.adminUrl}/api/v1/admin/settings`)).status(), 403);
    await p.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await p.getByRole('link', { name: 'alice@contoso.com' }).click();
    await p.locator('[data-testid="decisions"] tbody tr').first().waitFor();
    assert.equal(await p.getByRole('button', { name: 'Revoke' }).count(), 0);
    await p.locator('[data-testid="read-only"]').waitFor();
    await shot('20-helpdesk-registration', p);
    // "Why wasn't I notified?": the help desk explains a mail for this registration.
    const explain = p.getByRole('form', { name: 'Explain a mail' });
    await explain.getByLabel('Sender address').fill('carol@fabrikam.com');
    await explain.getByLabel('Subject').fill('Quarterly numbers');
    await explain.getByLabel('Importance').selectOption('High');
    await explain.getByRole('button', { name: 'Explain' }).click();
    const verdict = p.locator('[data-testid="explain-result"] .notice');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /(Would be notified|Held back)[\s\S]*Why/);
    assert.equal(await p.getByRole('button', { name: 'Send test push' }).count(), 0,
      'a test push is for operators and admins');
    await shot('20b-helpdesk-explain', p);

    // A second factor from the password page, then a login that asks for the code.
    await p.getByRole('link', { name: /^desk/ }).click();
    await p.getByLabel('Your password').fill('desk-own-password-1');
    await p.getByRole('button', { name: 'Set up a second factor' }).click();
    const secret = (await p.locator('[data-testid="totp-secret"]').innerText()).trim();
    assert.match(await p.locator('[data-testid="totp-uri"]').innerText(), /^otpauth:\/\/totp\/ENP:desk\?/);
    await shot('21-totp-enrolment', p);
    await p.getByLabel('Code shown by the app').fill(totp(secret));
    await p.getByRole('button', { name: 'Turn on' }).click();
    await p.getByText('The second factor is on.').waitFor();
    await p.goto(`${stack.adminUrl}/#/registrations`);
    await p.getByRole('button', { name: 'Log out' }).click();
    await p.getByLabel('User', { exact: true }).fill('desk');
    await p.getByLabel('Password', { exact: true }).fill('desk-own-password-1');
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByLabel('One-time code').waitFor();
    await shot('22-login-code', p);
    await p.getByLabel('One-time code').fill(totp(secret, 1));
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByRole('heading', { level: 1, name: 'Registrations' }).waitFor();
    await desk.close();
  });

  step('sends a test push to one registration\'s device through CNS', async () => {
    await page.goto(`${stack.adminUrl}/#/registrations`);
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'alice@contoso.com' }).click();
    await page.getByRole('button', { name: 'Send test push' }).click();
    // The fake CNS verified the signature, audience and token before it accepted it.
    await page.locator('[data-testid="test-push-result"] .notice.ok')
      .getByText(/CNS accepted the test notification/).waitFor();
    const audit = await (await page.request.get(
      `${stack.adminUrl}/api/v1/admin/audit?action=registration.test-push`)).json();
    assert.ok(JSON.stringify(audit).includes('registration.test-push'), JSON.stringify(audit));
    await shot('23a-test-push');
  });

  step('an operator reads the settings but is not offered changes or an export', async () => {
    await page.goto(`${stack.adminUrl}/#/users`);
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('User name').fill('ops');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByLabel('First password').fill('first-ops-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.locator('[data-user="ops"]').waitFor();

    const ops = await browser.newContext({ ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 860 } });
    const p = await ops.newPage();
    p.setDefaultTimeout(20000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${stack.adminUrl}/`);
    await p.getByLabel('User', { exact: true }).fill('ops');
    await p.getByLabel('Password', { exact: true }).fill('first-ops-password');
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByLabel('Current (generated) password').fill('first-ops-password');
    await p.getByLabel('New password', { exact: true }).fill('ops-own-password-1');
    await p.getByLabel('New password again').fill('ops-own-password-1');
    await p.getByRole('button', { name: 'Change password' }).click();
    await p.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const nav = await p.getByRole('navigation').innerText();
    assert.match(nav, /Settings/, nav);
    assert.doesNotMatch(nav, /Users/, nav);
    await openPage('Settings', p);
    await p.getByText('Admin TLS certificate').waitFor();
    await p.locator('[data-testid="read-only"]').waitFor();
    const exportForm = p.getByRole('form', { name: 'Export settings' });
    assert.ok(await exportForm.getByRole('button', { name: 'Export' }).isDisabled());
    await shot('23-operator-settings', p);
    await ops.close();
  });

  step('the System page shows the installation, and its backup restores elsewhere', async () => {
    await openPage('System');
    await page.locator('[data-testid="certificates"] tr[data-listener="admin"]').waitFor();
    assert.equal(await page.locator('tr[data-listener="admin"]').getAttribute('data-state'), 'ok');
    assert.equal(await page.getByText('Reload needed').count(), 0);
    // Reloading the certificates needs no restart; the page shows them again.
    await page.getByRole('button', { name: 'Reload certificates' }).click();
    await page.locator('#reload-result .notice.ok').waitFor();
    await page.locator('[data-testid="certificates"] tr[data-listener="admin"][data-state="ok"]')
      .waitFor();
    const form = page.getByRole('form', { name: 'Download a backup' });
    await form.getByLabel('Your password').fill('not-my-password-at-all');
    await form.getByRole('button', { name: 'Download backup' }).click();
    await form.getByText('The password is wrong').waitFor();
    await form.getByLabel('Your password').fill(NEW_PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Download backup' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^enp-backup-.*\.tar$/);
    const file = path.join(stack.dir, 'console-backup.tar');
    await download.saveAs(file);
    await page.locator('#backup-result').getByText(/downloaded/).waitFor();
    assert.match(await page.locator('[data-testid="last-backup"]').innerText(), /by you/);
    await shot('25-system');

    // A restore uploaded in the console asks first, then waits for the next start.
    const restore = page.getByRole('form', { name: 'Restore a backup' });
    await restore.getByLabel('Backup file').setInputFiles(file);
    await restore.getByLabel('Your password').fill(NEW_PASSWORD);
    const [dialog] = await Promise.all([
      page.waitForEvent('dialog'),
      restore.getByRole('button', { name: 'Upload and stage restore' }).click(),
    ]);
    assert.match(dialog.message(), /^Restore console-backup\.tar\? At its next start ENP replaces/);
    await page.locator('[data-testid="restore-result"] .notice.ok')
      .getByText('Restore staged: restart ENP to apply it.').waitFor();
    const system = await (await page.request.get(`${stack.adminUrl}/api/v1/admin/system`)).json();
    assert.equal(system.restoreStaged, true);
    await shot('25b-restore-staged');

    // Not over the running installation; into a fresh directory, and ENP starts on it.
    const enp = (args) => spawnSync(process.env.ENP_BIN, args, { encoding: 'utf8' });
    const busy = enp(['restore', '--from', file, '--data-dir', stack.dataDir, '--replace']);
    assert.equal(busy.status, 1, busy.stderr);
    assert.match(busy.stderr, /in use by a running ENP/);
    const dir = path.join(stack.dir, 'restored');
    fs.mkdirSync(dir);
    const restored = enp(['restore', '--from', file, '--data-dir', path.join(dir, 'var')]);
    assert.equal(restored.status, 0, restored.stderr);
    const conf = path.join(dir, 'enp.conf');
    fs.writeFileSync(conf, ['[public]', 'listen = 127.0.0.1:0', '[admin]', 'listen = 127.0.0.1:0',
      '[storage]', `data_dir = ${path.join(dir, 'var')}`, ''].join('\n'));
    const child = stack.spawn('enp-restored', process.env.ENP_BIN, ['serve', '--config', conf],
      'enp-restored.log');
    child.stdout.resume();
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the restored ENP did not start')), 20000);
      child.stderr.on('data', (d) => {
        if (String(d).includes('ready: public=')) { clearTimeout(timer); resolve(); }
      });
    });
    const ports = Object.fromEntries(fs.readFileSync(path.join(dir, 'var', 'ports'), 'utf8')
      .trim().split('\n').map((l) => l.split('=')));
    const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
    const login = await ctx.request.post(`https://${ports.admin}/api/v1/admin/login`,
      { data: { user: 'admin', password: NEW_PASSWORD } });
    assert.equal(login.status(), 200, 'the same users and passwords');
    const regs = await (await ctx.request.get(`https://${ports.admin}/api/v1/admin/registrations`))
      .json();
    assert.ok(regs.some((r) => r.mailbox === 'alice@contoso.com'), JSON.stringify(regs));
    await ctx.close();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  step('adds the iCloud preset on a local Dovecot; an iCloud-style account registers, a mail ' +
    'reaches CNS within two seconds and the registration shows the connection', async () => {
    const user = 'gina@icloud.com';
    const appPassword = 'abcd-efgh-ijkl-mnop';  // the shape of an app-specific password
    await stack.startDovecot([[user, appPassword]]);
    // The import step capped privacy at the sender: the subject and snippet need `full` again.
    await openPage('Policies');
    await page.getByLabel('Privacy cap').selectOption('full');
    await page.getByRole('button', { name: 'Save policies' }).click();
    await page.getByText('Policies saved').waitFor();
    await openPage('Mail servers');
    await page.getByRole('button', { name: 'Add mail server' }).click();
    const form = page.getByRole('form', { name: 'Add a mail server' });
    assert.equal(await form.getByLabel('Provider').inputValue(), 'icloud');
    assert.equal(await form.getByLabel('Name').inputValue(), 'icloud');
    assert.equal(await form.getByLabel('Host').getAttribute('placeholder'), 'imap.mail.me.com');
    await form.getByText(/app-specific password/).waitFor();
    // The preset's host replaced by the local Dovecot's (docs/imap.md).
    await form.getByLabel('Port').fill('70000');
    await form.getByRole('button', { name: 'Add server' }).click();
    await form.locator('[data-field="port"] .field-error').filter({ hasText: /\S/ }).waitFor();
    await form.getByLabel('Host').fill('localhost');
    await form.getByLabel('Port').fill(String(stack.dovecotImapsPort));
    await form.getByLabel(/^CA file/).fill(stack.dovecotCaFile);
    await form.getByLabel('Mail domains it serves').fill('icloud.com, me.com');
    await form.getByRole('button', { name: 'Add server' }).click();
    const card = page.locator('[data-mail-server="icloud"]');
    await card.waitFor();
    await card.getByText(`imap localhost:${stack.dovecotImapsPort}`).waitFor();
    await shot('07c-mail-servers');

    const reg = await stack.register(registrationKey, {
      mailbox: user, deviceToken: 'browser-device-icloud', platform: 'ios',
      timeZone: 'Europe/Berlin', workHoursOnly: false,
      account: { server: 'icloud', username: user, password: appPassword } });
    assert.ok(reg.id && !reg.callbackUrl, JSON.stringify(reg));
    // The registration page shows the connection; the first connection sets the baseline, so
    // the mail is delivered once the account idles.
    await page.goto(`${stack.adminUrl}/#/registrations/${encodeURIComponent(reg.id)}`);
    const state = page.locator('[data-testid="connection-state"]');
    for (let i = 0; !/^idle since/.test(await state.innerText().catch(() => '')); ++i) {
      assert.ok(i < 40, `not idle: ${await state.innerText().catch(() => 'no state shown')}`);
      await page.waitForTimeout(500);  // the page does not refresh itself: read it again
      await page.reload();
      await state.waitFor();
    }
    await stack.deliver(user, ['From: Alice Example <alice@example.com>', `To: ${user}`,
      'Subject: Lunch on Friday?', 'Date: Tue, 01 Dec 2026 10:00:00 +0000',
      'Message-ID: <browser-icloud-1@example.com>', 'Content-Type: text/plain; charset=utf-8', '',
      'Shall we meet at noon at the usual place?', ''].join('\r\n'));
    const push = await stack.waitForPush((c) => c.notification &&
      c.notification.subject === 'Lunch on Friday?', 2000);
    assert.equal(push.notification.from.address, 'alice@example.com');
    assert.equal(push.notification.from.name, 'Alice Example');
    assert.equal(push.notification.snippet, 'Shall we meet at noon at the usual place?');
    await page.reload();
    await page.getByText(/Last new mail/).waitFor();
    assert.match(await state.innerText(), /^idle since/);
    await shot('07d-registration-icloud');
  });

  step('the Cluster page lists this one node, alive and holding every share', async () => {
    await openPage('Cluster');
    const nodes = page.locator('[data-testid="cluster-nodes"] tr[data-node]');
    await nodes.first().waitFor();
    assert.equal(await nodes.count(), 1);
    const text = await nodes.first().innerText();
    assert.match(text, /\(this node\)/);
    assert.match(text, /alive/);
    assert.match(await page.locator('main').innerText(), /SQLite \(one node\)/);
    assert.equal(await page.getByTestId('shares-held').innerText(), '66 of 66');
    await shot('21-cluster');
  });

  step('every page, at desktop and phone size', async () => {
    const names = await page.getByRole('navigation').getByRole('link').evaluateAll((links) =>
      links.map((a) => [a.getAttribute('href').slice(2), a.textContent]));
    assert.ok(names.length >= 14, JSON.stringify(names));
    const state = await page.context().storageState();
    for (const [kind, viewport] of [['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }]]) {
      const ctx = await browser.newContext({ ignoreHTTPSErrors: true, storageState: state,
        viewport, isMobile: kind === 'phone', hasTouch: kind === 'phone' });
      const p = await ctx.newPage();
      p.setDefaultTimeout(20000);
      p.on('pageerror', (e) => pageErrors.push(e.message));
      for (const [name, title] of names) {
        await p.goto(`${stack.adminUrl}/#/${name}`);
        await p.getByRole('heading', { level: 1, name: title }).waitFor();
        await p.waitForLoadState('networkidle').catch(() => {});
        if (kind === 'phone') await assertNoOverflow(p);
        await shot(`page-${kind}-${name}`, p);
      }
      await ctx.close();
    }
  });

  step('fits a phone screen', async () => {
    const state = await page.context().storageState();
    const phone = await browser.newContext({ ignoreHTTPSErrors: true, storageState: state,
      viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    p.setDefaultTimeout(20000);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${stack.adminUrl}/#/dashboard`);
    await p.locator('svg.chart').waitFor();
    await assertNoOverflow(p);
    await shot('phone-01-dashboard', p);
    await p.getByRole('button', { name: 'Menu' }).click();
    await p.getByRole('navigation').getByRole('link', { name: 'Exchange servers' }).waitFor();
    await shot('phone-02-menu', p);
    await p.getByRole('navigation').getByRole('link', { name: 'Exchange servers' }).click();
    await p.locator('[data-server="fake"]').waitFor();
    await assertNoOverflow(p);
    await shot('phone-03-exchange', p);
    await p.goto(`${stack.adminUrl}/#/registrations`);
    await p.getByRole('link', { name: 'alice@contoso.com' }).click();
    await p.locator('[data-testid="decisions"] tbody tr').first().waitFor();
    await assertNoOverflow(p);
    await shot('phone-04-registration', p);
    await phone.close();
  });

  step('a session that ends says why, and the login returns to the page', async () => {
    await openPage('Dashboard');
    await page.locator('svg.chart').waitFor();
    // The session ends behind the page's back (as after a password change elsewhere): the next
    // refresh (every 5 s) meets a 401 and the login page says what happened.
    await page.context().clearCookies();
    const ended = page.locator('[data-testid="session-ended"]');
    await ended.waitFor({ timeout: 30000 });
    assert.match(await ended.innerText(), /^Your session ended/);
    // The first-start hint went with the generated password.
    await page.locator('[data-testid="login-hint"]').waitFor();
    assert.doesNotMatch(await page.locator('[data-testid="login-hint"]').innerText(), /First start/);
    await shot('24-session-ended');
    // A bookmark to a page: the login names it and leads back there.
    await page.goto(`${stack.adminUrl}/#/registrations`);
    await page.locator('[data-testid="return-to"]').filter({ hasText: 'Registrations' }).waitFor();
    await page.getByLabel('User').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registrations' }).waitFor();
  });

  step('logs out', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    const r = await page.request.get(`${stack.adminUrl}/api/v1/admin/session`);
    assert.equal(r.status(), 401);
    // Expected refusals (wrong password, field errors, no session) are 400, 401 and 403.
    assert.deepEqual(pageErrors.filter((e) =>
      !/^Failed to load resource: the server responded with a status of 40[013]\b/.test(e)), [],
    'no script error, CSP violation or unexpected HTTP error in the console');
  });
});

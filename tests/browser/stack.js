'use strict';
// Starts the stand-alone fakes and a fresh `enp serve` on loopback (ports 0) for the browser
// tests, and stops them. Paths come from the environment set by run.sh (from CMake).

const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const CNS_SECRET = 'browser-test-shared-secret-0123456789abcdef';
const CNS_ISSUER = 'org-browser';
const CNS_AUDIENCE = 'cns.browser';
const CNS_TOKEN = 'cns-org-token';
const SERVICE_USER = 'svc-enp@contoso.com';
const SERVICE_PASSWORD = 'Passw0rd!';
// The alert mail server (tests/support/smtp_server.py on Debian's python3-aiosmtpd).
const SMTP_SERVER = path.join(__dirname, '..', 'support', 'smtp_server.py');
const SMTP_USER = 'enp-alerts@icloud.test';
const SMTP_PASSWORD = 'abcd-efgh-ijkl-mnop';

const FIXTURES = {
  serviceAccount: { user: SERVICE_USER, password: SERVICE_PASSWORD },
  // bob@contoso.com exists, but the service account may not impersonate it.
  impersonationAllowed: ['alice@contoso.com', 'carol@contoso.com'],
  mailboxes: [
    { smtp: 'alice@contoso.com',
      items: [{ id: 'AAMkADAliceMessage0001=', kind: 'message', subject: 'Budget for Q3',
        from: { name: 'Bob Lee', emailAddress: 'bob@contoso.com', routingType: 'SMTP' },
        senderSmtpAddress: 'bob@contoso.com',
        body: 'Hi Alice, the numbers for Q3 are attached.',
        received: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), importance: 'High' }] },
    { smtp: 'bob@contoso.com', items: [] },
    // Works Monday to Friday 08:00-16:30 in UTC+1 without daylight time (Exchange's bias -60).
    { smtp: 'carol@contoso.com', items: [],
      workingHours: { bias: -60,
        periods: [{ days: 'Monday Tuesday Wednesday Thursday Friday', start: 480, end: 990 }] } },
  ],
};

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run the tests through run.sh / ctest)`);
  return v;
}

/**
 * Resolves with the match of the first line a stream prints that matches `re`, its `lines` the
 * lines up to it (rejects on exit/timeout).
 */
function waitForLine(child, stream, re, what, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const lines = [];
    const rl = readline.createInterface({ input: stream });
    const timer = setTimeout(() => reject(new Error(`${what}: no '${re}' within ${timeoutMs} ms:\n` +
      lines.join('\n'))), timeoutMs);
    const onExit = (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before '${re}':\n${lines.join('\n')}`));
    };
    child.once('exit', onExit);
    rl.on('line', (line) => {
      lines.push(line);
      const m = line.match(re);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        m.lines = lines;  // what came before, with the line itself
        resolve(m);
      }
    });
  });
}

class Stack {
  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enp-browser-'));
    this.children = [];
  }

  spawn(name, bin, args, logFile, stdin = 'ignore') {
    const child = spawn(bin, args, { stdio: [stdin, 'pipe', 'pipe'] });
    const log = fs.createWriteStream(path.join(this.dir, logFile));
    child.stderr.pipe(log);
    this.children.push({ name, child });
    return child;
  }

  async start() {
    const fixtures = path.join(this.dir, 'fixtures.json');
    fs.writeFileSync(fixtures, JSON.stringify(FIXTURES, null, 2));
    const ex = this.spawn('fake-exchange', need('FAKE_EXCHANGE_BIN'),
      ['--listen', '127.0.0.1:0', '--fixtures', fixtures], 'exchange.log');
    const cns = this.spawn('fake-cns', need('FAKE_CNS_BIN'),
      ['--listen', '127.0.0.1:0', '--secret', CNS_SECRET, '--issuer', CNS_ISSUER,
        '--audience', CNS_AUDIENCE, '--token', CNS_TOKEN, '--print-pushes'], 'cns.log');
    // Each accepted push's claims, as fake-cns prints them.
    this.cnsPushes = [];
    this.cnsWaiters = [];
    readline.createInterface({ input: cns.stdout }).on('line', (line) => {
      if (!line.startsWith('push ')) return;
      this.cnsPushes.push(JSON.parse(line.slice(5)));
      this.cnsWaiters = this.cnsWaiters.filter((w) => !w());
    });
    const [exPort, cnsPort] = await Promise.all([
      waitForLine(ex, ex.stdout, /^(\d+)$/, 'fake-exchange'),
      waitForLine(cns, cns.stdout, /^(\d+)$/, 'fake-cns'),
    ]);
    this.ewsUrl = `http://127.0.0.1:${exPort[1]}/EWS/Exchange.asmx`;
    this.cnsUrl = `http://127.0.0.1:${cnsPort[1]}/v1/notifications`;

    this.dataDir = path.join(this.dir, 'var');
    const conf = path.join(this.dir, 'enp.conf');
    fs.writeFileSync(conf, ['[public]', 'listen = 127.0.0.1:0', '[admin]', 'listen = 127.0.0.1:0',
      '[storage]', `data_dir = ${this.dataDir}`, '[log]', 'level = info', ''].join('\n'));
    const enp = this.spawn('enp', need('ENP_BIN'), ['serve', '--config', conf], 'enp.log');
    enp.stdout.resume();
    const pwLine = waitForLine(enp, enp.stderr, /password is in (\S+) \(mode 0600\)/, 'enp');
    await waitForLine(enp, enp.stderr, /ready: public=/, 'enp');
    this.passwordFile = (await pwLine)[1];
    const ports = Object.fromEntries(fs.readFileSync(path.join(this.dataDir, 'ports'), 'utf8')
      .trim().split('\n').map((l) => l.split('=')));
    this.publicUrl = `http://${ports.public}`;
    this.adminUrl = `https://${ports.admin}`;
    return this;
  }

  /** An SMTP server requiring STARTTLS and SMTP_USER's login; resolves when it listens. */
  async startSmtp() {
    const dir = path.join(this.dir, 'smtp');
    fs.mkdirSync(dir);
    const smtp = this.spawn('smtp', '/usr/bin/python3', ['-W', 'ignore', SMTP_SERVER, '--mode',
      'starttls', '--auth', `${SMTP_USER}:${SMTP_PASSWORD}`, '--maildir', dir, '--cert-dir', dir],
    'smtp.log', 'pipe');  // it stops when its stdin closes
    this.smtpDir = dir;
    this.smtpCert = path.join(dir, 'cert.pem');
    this.smtpMails = [];
    this.smtpWaiters = [];
    const port = waitForLine(smtp, smtp.stdout, /^port (\d+)$/, 'smtp server');
    this.smtpPort = Number((await port)[1]);
    readline.createInterface({ input: smtp.stdout }).on('line', (line) => {
      if (!line.startsWith('mail ')) return;
      this.smtpMails.push(fs.readFileSync(path.join(dir, line.slice(5)), 'utf8'));
      this.smtpWaiters = this.smtpWaiters.filter((w) => !w());
    });
  }

  /** Resolves with the raw messages once `count` have arrived. */
  waitForMail(count, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${count} mails within ${timeoutMs} ms ` +
        `(got ${this.smtpMails.length})`)), timeoutMs);
      const check = () => {
        if (this.smtpMails.length < count) return false;
        clearTimeout(timer);
        resolve(this.smtpMails.slice());
        return true;
      };
      if (!check()) this.smtpWaiters.push(check);
    });
  }

  /** Resolves with the first push (its claims) for which `match` holds; rejects after timeoutMs. */
  waitForPush(match, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such push within ${timeoutMs} ms; ` +
        `pushes: ${JSON.stringify(this.cnsPushes)}`)), timeoutMs);
      const check = () => {
        const found = this.cnsPushes.find(match);
        if (!found) return false;
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      if (!check()) this.cnsWaiters.push(check);
    });
  }

  /**
   * A real Dovecot (tests/imap/dovecot-test-server) with `users` ([name, password] pairs);
   * resolves when it listens, with imapsPort, caFile and directory set.
   */
  async startDovecot(users) {
    const args = users.flatMap(([name, password]) => ['--user', `${name}:${password}`]);
    const dovecot = this.spawn('dovecot', need('DOVECOT_BIN'), args, 'dovecot.log', 'pipe');
    const m = await waitForLine(dovecot, dovecot.stdout, /^directory (\S+)$/, 'dovecot', 30000);
    this.dovecotDir = m[1];
    this.dovecotCaFile = path.join(this.dovecotDir, 'cert.pem');
    const imaps = m.lines.map((l) => l.match(/^imaps 127\.0\.0\.1:(\d+)$/)).find(Boolean);
    this.dovecotImapsPort = Number(imaps[1]);
  }

  /** Puts a mail into `user`'s INBOX (`doveadm save`, as a delivery agent would). */
  deliver(user, message) {
    return new Promise((resolve, reject) => {
      const child = execFile('/usr/bin/doveadm', ['-c', path.join(this.dovecotDir, 'dovecot.conf'),
        'save', '-u', user, '-m', 'INBOX'], (err, stdout, stderr) =>
        (err ? reject(new Error(`doveadm save: ${err.message} ${stderr}`)) : resolve()));
      child.stdin.end(message);
    });
  }

  /** POST /api/v1/registrations on the public listener; resolves with {id, secret, callbackUrl}. */
  async register(key, body) {
    const r = await fetch(`${this.publicUrl}/api/v1/registrations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    if (r.status !== 201) throw new Error(`registration: HTTP ${r.status}: ${text}`);
    return JSON.parse(text);
  }

  /** Exchange's push of a new mail to a callback URL (fake-push). */
  push(callbackUrl, itemId) {
    return new Promise((resolve, reject) => {
      execFile(need('FAKE_PUSH_BIN'), ['--url', callbackUrl, '--item', itemId],
        (err, stdout, stderr) => (err ? reject(new Error(`fake-push: ${err.message} ${stderr}`))
          : resolve(stdout)));
    });
  }

  /** SIGTERM to each child, newest first; resolves when all have exited. */
  async stop() {
    for (const { child } of this.children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
    if (!process.env.ENP_KEEP_TMP) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  log(name) {
    try {
      return fs.readFileSync(path.join(this.dir, name), 'utf8');
    } catch (e) {
      return '';
    }
  }
}

module.exports = { Stack, CNS_SECRET, CNS_ISSUER, CNS_AUDIENCE, CNS_TOKEN, SERVICE_USER,
  SERVICE_PASSWORD, SMTP_USER, SMTP_PASSWORD };

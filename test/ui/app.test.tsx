// The whole app on a real simulated tenant over HTTP: find a user, open, filter, revoke, read-only.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi, QlikUser} from '../../source/qlik/types.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {App} from '../../source/ui/app.js';
import type {UiSession} from '../../source/ui/tenant-session.js';
import {KEYS, lines, press, renderSized, waitForFrame, waitForText} from './render-helpers.js';
import {simSession} from './sim-session.js';

let home: string;
let sim: Simulator;
let client: QlikApi;

const session = (readonly = false, api: QlikApi = client): UiSession =>
  simSession({client: api, revokeClient: client, auditFile: join(home, 'audit.jsonl'), readonly});

/** Users with at least `min` tokens, busiest first, each with a unique email local part. */
function usersWithTokens(min: number): Array<{user: QlikUser; local: string; count: number}> {
  const counts = new Map<string, number>();
  for (const token of sim.tokens()) counts.set(token.userId, (counts.get(token.userId) ?? 0) + 1);
  const users = sim.users().filter((u) => u.id !== sim.botUser.id && u.email);
  return users
    .map((user) => ({user, local: user.email!.split('@')[0]!, count: counts.get(user.id) ?? 0}))
    .filter((e) => e.count >= min && e.count <= 40 && users.filter((u) => u.email!.includes(e.local)).length === 1)
    .sort((a, b) => b.count - a.count);
}

function pick(index: number, min: number) {
  const found = usersWithTokens(min)[index];
  assert.ok(found, `the simulated tenant has no user #${index} with ${min}+ tokens`);
  return found;
}

function start(options: {readonly?: boolean; columns?: number; rows?: number; client?: QlikApi} = {}) {
  const rows = options.rows ?? 24;
  const rendered = renderSized(
    <App
      session={session(options.readonly, options.client)}
      profiles={undefined}
      start={{name: 'picker'}}
      onExit={() => {}}
    />,
    {columns: options.columns ?? 80, rows},
  );
  const assertFramesFit = () => {
    for (const frame of rendered.frames) {
      const shown = lines(frame);
      assert.ok(shown.length <= rows - 1, `a frame of ${shown.length} lines on ${rows} rows:\n${frame}`);
      for (const line of shown) assert.ok(stringWidth(line) < rendered.stdout.columns, `too wide: ${line}`);
    }
  };
  mounted.push(rendered.unmount);
  return {...rendered, assertFramesFit};
}

// A failed assertion must not leave an app (and its refresh timers) running.
const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

async function openUser(app: ReturnType<typeof start>, local: string, user: QlikUser, count: number) {
  await waitForText(app, 'Find user');
  await press(app.stdin, local);
  await waitForText(app, user.name);
  await waitForFrame(app, (f) => /found/.test(f), 'search results');
  await press(app.stdin, KEYS.enter);
  await waitForText(app, `Tokens of ${user.name}`);
  await waitForFrame(app, (f) => new RegExp(`· ${count} · sort`).test(f) && f.includes('▸ '), `${count} tokens listed`);
}

const highlightedId = (frame: string) => /▸ (\S+)/.exec(frame)?.[1];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-ui-'));
  process.env.QLIK_TOKENS_HOME = home;
  sim = await startSimulator({users: 60, tokens: 600, seed: 11, rateLimits: false});
  client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
});

after(async () => {
  await client.close();
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

describe('app on a simulated tenant', () => {
  it('keeps every message in the log (m) and lists the revocation on the audit screen (L)', async () => {
    const {user, local, count} = pick(4, 3);
    const app = start();
    await openUser(app, local, user, count);
    const id = highlightedId(app.lastFrame() ?? '')!;
    await press(app.stdin, 'd');
    await waitForText(app, '[y/N]');
    await press(app.stdin, 'y');
    await waitForText(app, `Revoked ${id}`);
    await press(app.stdin, 'L');
    await waitForFrame(
      app,
      (f) => f.includes('Audit log of test') && f.includes(id) && /revoked 204/.test(f),
      'the audit screen',
    );
    await press(app.stdin, KEYS.esc, 'm');
    await waitForFrame(app, (f) => f.includes('Message log') && f.includes(`Revoked ${id}`), 'the message log');
    await press(app.stdin, KEYS.esc);
    await waitForText(app, `Tokens of ${user.name}`);
    app.assertFramesFit();
    app.unmount();
  });

  it('at 60x15 the footer keeps help and quit, on the picker too, and the help scrolls', async () => {
    const {user, local, count} = pick(1, 3);
    const app = start({columns: 60, rows: 15});
    await waitForFrame(app, (f) => /F1 help/.test(f) && /\^c quit/.test(f), 'help and quit in the picker footer');
    await press(app.stdin, local);
    await waitForText(app, user.name);
    await waitForFrame(app, (f) => /found/.test(f), 'search results');
    await press(app.stdin, KEYS.enter);
    await waitForFrame(app, (f) => new RegExp(`· ${count} ·`).test(f), 'the list');
    assert.match(app.lastFrame() ?? '', /\? help/);
    assert.match(app.lastFrame() ?? '', /q quit/);
    await press(app.stdin, '?');
    await waitForFrame(app, (f) => /Keys: token list — 1-\d+ of \d+, ↓ for more/.test(f), 'the help, first part');
    assert.match(app.lastFrame() ?? '', /↓ scroll/);
    await press(app.stdin, 'j', 'j');
    await waitForFrame(app, (f) => /Keys: token list — 3-/.test(f), 'the help scrolled');
    // Past the end, the help stays at its end, and one ↑ moves it at once.
    await press(app.stdin, ...Array<string>(60).fill('j'));
    await waitForFrame(app, (f) => /Keys: token list — \d+-(\d+) of \1\n/.test(f), 'the end of the help');
    const end = Number(/Keys: token list — (\d+)-/.exec(app.lastFrame() ?? '')![1]);
    await press(app.stdin, 'k');
    await waitForFrame(app, (f) => f.includes(`Keys: token list — ${end - 1}-`), 'one line up from the end');
    // Nothing is cut off: a long description wraps under itself.
    assert.doesNotMatch(app.lastFrame() ?? '', /…/);
    app.assertFramesFit();
    app.unmount();
  });

  it('a help that fits at once offers no scrolling in its footer', async () => {
    const app = start();
    await waitForText(app, 'all users');
    await press(app.stdin, '\u001BOP');
    await waitForText(app, 'Keys: user picker');
    assert.match(app.lastFrame() ?? '', /esc close/);
    assert.doesNotMatch(app.lastFrame() ?? '', /scroll/);
    app.unmount();
  });

  it("in the tenant-wide view, enter opens the highlighted token's user", async () => {
    const app = start();
    await waitForText(app, 'all users');
    await press(app.stdin, KEYS.down);
    await waitForFrame(app, (f) => /› all users/.test(f), 'all users chosen');
    await press(app.stdin, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('All tokens in the tenant') && f.includes('▸ '), 'the tenant-wide list');
    const id = highlightedId(app.lastFrame() ?? '')!;
    const owner = sim.users().find((u) => u.id === sim.tokens().find((t) => t.id === id)!.userId)!;
    await press(app.stdin, KEYS.enter);
    await waitForText(app, `Tokens of ${owner.name}`);
    app.unmount();
  });

  it('finds a user by part of the email, revokes the highlighted token with d y, and only that one', async () => {
    const {user, local, count} = pick(0, 3);
    const app = start();
    await openUser(app, local, user, count);
    const frame = app.lastFrame() ?? '';
    const id = highlightedId(frame)!;
    assert.ok(sim.hasToken(id));
    await press(app.stdin, 'd');
    await waitForText(app, `Revoke 1 token of ${user.name}`);
    await press(app.stdin, 'n');
    await waitForText(app, 'Cancelled');
    assert.ok(sim.hasToken(id));
    await press(app.stdin, 'd');
    await waitForText(app, '[y/N]');
    await press(app.stdin, 'y');
    await waitForText(app, `Revoked ${id}`);
    assert.equal(sim.hasToken(id), false);
    assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, count - 1);
    await waitForFrame(app, (f) => new RegExp(`· ${count - 1} · sort`).test(f), 'the list without the revoked token');
    const audit = readFileSync(join(home, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as {tokenId: string; outcome: string});
    assert.ok(
      audit.some((e) => e.tokenId === id && e.outcome === 'revoked'),
      'the UI revocation is in the audit log',
    );
    app.assertFramesFit();
    app.unmount();
  });

  it('revokes every token of the user with R, the typed count and enter', async () => {
    const {user, local, count} = pick(1, 3);
    const others = sim.tokens().filter((t) => t.userId !== user.id).length;
    const app = start();
    await openUser(app, local, user, count);
    await press(app.stdin, 'R');
    await waitForText(app, `Revoke ALL ${count} tokens of ${user.name}`);
    await press(app.stdin, KEYS.enter);
    await waitForText(app, `Type ${count}`);
    assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, count, 'enter alone revoked nothing');
    await press(app.stdin, String(count), KEYS.enter);
    await waitForText(app, `${count} revoked`);
    assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, 0);
    assert.equal(sim.tokens().filter((t) => t.userId !== user.id).length, others, "nobody else's token was touched");
    app.assertFramesFit();
    app.unmount();
  });

  it('marks tokens with space and revokes exactly the marked ones', async () => {
    const {user, local, count} = pick(2, 4);
    const app = start();
    await openUser(app, local, user, count);
    const first = highlightedId(app.lastFrame() ?? '')!;
    await press(app.stdin, ' ');
    await waitForText(app, '1 marked');
    const second = highlightedId(app.lastFrame() ?? '')!;
    await press(app.stdin, ' ');
    await waitForText(app, '2 marked');
    await press(app.stdin, 'd');
    await waitForText(app, 'Revoke 2 tokens');
    await press(app.stdin, '2', KEYS.enter);
    await waitForText(app, '2 revoked');
    assert.equal(sim.hasToken(first), false);
    assert.equal(sim.hasToken(second), false);
    assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, count - 2);
    app.unmount();
  });

  it('leaves a token whose revocation failed marked, and d retries exactly it', async () => {
    const {user, local, count} = pick(4, 3);
    const app = start();
    await openUser(app, local, user, count);
    const first = highlightedId(app.lastFrame() ?? '')!;
    await press(app.stdin, ' ');
    const second = highlightedId(app.lastFrame() ?? '')!;
    await press(app.stdin, ' ');
    await waitForText(app, '2 marked');
    // The tenant fails every DELETE of the second token, retries included.
    sim.inject({kind: 'html-500', method: 'DELETE', path: `/api/v1/oauth-tokens/${second}`, times: Infinity});
    try {
      await press(app.stdin, 'd', '2', KEYS.enter);
      await waitForText(app, '1 failed', 30_000);
      // A bulk run ends on its summary table, which any key closes.
      await waitForText(app, 'Revocation of 2 tokens finished');
      await press(app.stdin, KEYS.esc);
    } finally {
      sim.clearFaults();
    }
    assert.equal(sim.hasToken(first), false);
    assert.equal(sim.hasToken(second), true);
    await waitForFrame(
      app,
      (f) => f.includes('1 marked') && new RegExp(`· ${count - 1} ·`).test(f),
      'the failed token still listed and marked',
    );
    await press(app.stdin, 'd');
    await waitForText(app, 'Revoke 1 token');
    assert.match(app.lastFrame() ?? '', new RegExp(second));
    await press(app.stdin, 'y');
    await waitForText(app, `Revoked ${second}`);
    assert.equal(sim.hasToken(second), false);
    app.unmount();
  });

  it('filters with / and clears the filter with esc', async () => {
    const {user, local, count} = pick(3, 3);
    const app = start();
    await openUser(app, local, user, count);
    const id = highlightedId(app.lastFrame() ?? '')!;
    await press(app.stdin, '/', id.slice(0, 20), KEYS.enter);
    await waitForFrame(app, (f) => new RegExp(`· 1/${count} · .*filter`).test(f), 'one token matching');
    await press(app.stdin, KEYS.esc);
    await waitForFrame(app, (f) => new RegExp(`· ${count} · sort`).test(f), 'filter cleared');
    app.unmount();
  });

  it('read-only: d and R are neither shown nor handled, and RO is in the header', async () => {
    const {user, local, count} = pick(3, 3);
    // First where revocation is on: the hint and the dialog that the read-only checks look for exist.
    const writable = start();
    await openUser(writable, local, user, count);
    assert.match(writable.lastFrame() ?? '', /revoke/);
    await press(writable.stdin, 'd');
    await waitForText(writable, 'Revoke');
    await press(writable.stdin, KEYS.esc);
    await waitForFrame(writable, (f) => !f.includes('Revoke'), 'the dialog cancelled');
    writable.unmount();

    const app = start({readonly: true});
    await openUser(app, local, user, count);
    const frame = app.lastFrame() ?? '';
    assert.match(lines(frame)[0]!, / RO /);
    assert.doesNotMatch(frame, /revoke/);
    const before = app.frames.length;
    await press(app.stdin, 'd');
    await waitForText(app, 'read-only: revocation is off');
    await press(app.stdin, 'R', '?');
    await waitForText(app, 'Keys: token list');
    assert.ok(
      app.frames.slice(before).every((f) => !f.includes('Revoke')),
      'a confirm dialog opened in read-only mode',
    );
    assert.doesNotMatch(app.lastFrame() ?? '', /Revoke/);
    assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, count);
    app.unmount();

    // On 60x15 the help's title still says where in the help one is.
    const narrow = start({readonly: true, columns: 60, rows: 15});
    await openUser(narrow, local, user, count);
    await press(narrow.stdin, '?');
    await waitForFrame(narrow, (f) => /Keys: token list — 1-\d+ of \d+, ↓ for more/.test(f), 'the position shown');
    narrow.unmount();
  });

  it('re-lays out on resize and never draws taller or wider than the terminal', async () => {
    const {user, local, count} = pick(3, 3);
    const app = start({columns: 200, rows: 50});
    await openUser(app, local, user, count);
    assert.ok(lines(app.lastFrame() ?? '').length <= 49);
    app.stdout.resize(60, 16);
    await waitForFrame(
      app,
      (f) => lines(f).length <= 15 && lines(f).every((l) => stringWidth(l) <= 59),
      'a 60x16 layout',
    );
    await press(app.stdin, 'j', 'j');
    app.stdout.resize(80, 24);
    await waitForFrame(
      app,
      (f) => lines(f).length <= 23 && lines(f).some((l) => stringWidth(l) > 60),
      'an 80x24 layout',
    );
    app.unmount();
  });

  it('copies the highlighted token id with c, as an OSC 52 sequence', async () => {
    const {user, local, count} = pick(5, 3);
    const app = start();
    await openUser(app, local, user, count);
    const id = highlightedId(app.lastFrame() ?? '')!;
    await press(app.stdin, 'c');
    await waitForText(app, `Copied ${id}`);
    const osc = `\u001B]52;c;${Buffer.from(id).toString('base64')}\u0007`;
    assert.ok(
      app.frames.some((f) => f === osc),
      'no OSC 52 sequence with the id was written',
    );
    app.unmount();
  });

  it('draws hostile user names and token descriptions inert', async () => {
    const evil = sim.addUser({
      name: 'Mallory \u001B]0;owned\u0007\u001B[2J\u202Eevil',
      email: 'mallory.hostile@example.com',
    });
    sim.addToken(evil.id, {description: '\u001B[31mred\u001B[0m\r\nInjected line', deviceType: 'Phone'});
    const app = start();
    await waitForText(app, 'Find user');
    await press(app.stdin, 'mallory.hostile');
    await waitForText(app, 'Mallory');
    await press(app.stdin, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('\\x1b[31mred') && f.includes('▸ '), 'the hostile token, escaped');
    for (const frame of app.frames) {
      assert.ok(!frame.includes('\u001B]0;owned'), 'an OSC title sequence reached the terminal');
      assert.ok(!frame.includes('\u001B[2J'), 'a clear-screen reached the terminal');
      assert.ok(!frame.includes('\u202E'), 'a bidi override reached the terminal');
      assert.ok(!frame.includes('\u001B[31mred'), 'API colour reached the terminal');
    }
    app.assertFramesFit();
    app.unmount();
  });

  it('says "searching…" only when a search is slow, and never lets a stale answer replace a newer one', async () => {
    const {user, local} = pick(3, 3);
    // The real client over HTTP, watched: each search's outcome, as the picker gets it.
    const searches: Array<Promise<unknown>> = [];
    const watched = new Proxy(client, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        if (key !== 'searchUsers') return value.bind(target);
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          searches.push(
            result.then(
              () => 'answered',
              () => 'failed',
            ),
          );
          return result;
        };
      },
    });
    const app = start({client: watched});
    await waitForText(app, 'Find user');
    // The first search (one letter, many matches) is answered late; the refined one at once.
    await waitForText(app, 'as qlik-tokens'); // /users/me answered: the next GET on /users is the search
    sim.inject({kind: 'slow', method: 'GET', path: /^\/api\/v1\/users$/, times: 1, delayMs: 1500});
    try {
      await press(app.stdin, local.slice(0, 1));
      await waitForText(app, 'searching…');
      await press(app.stdin, local.slice(1));
      await waitForFrame(app, (f) => f.includes(user.name) && /1 found/.test(f), 'the answer to the full query');
      // Every search has come back to the picker (the slow one aborted, or answered late if the abort
      // failed); then a key the picker must draw: any update the late answer caused is drawn by then.
      assert.ok(searches.length >= 2, `${searches.length} searches`);
      await Promise.all(searches);
      await press(app.stdin, KEYS.down);
      await waitForFrame(app, (f) => !new RegExp(`› ${user.name}`).test(f), 'the cursor moved off the user');
      assert.match(app.lastFrame() ?? '', /1 found/);
      assert.match(app.lastFrame() ?? '', new RegExp(user.name));
    } finally {
      sim.clearFaults();
    }
    // No frame ever paired the full query with the first letter's (many) results.
    const stale = app.frames.filter(
      (f) => f.includes(`Find user: ${local}▏`) && [...f.matchAll(/(\d+)\+? found/g)].some((m) => m[1] !== '1'),
    );
    assert.deepEqual(stale, [], 'a stale answer was drawn under the newer query');
    app.unmount();
  });

  it('with the bot user looked up before the first frame, draws it at once and asks no second time', async () => {
    let asked = 0;
    const counting = new Proxy(client, {
      get(target, key) {
        if (key === 'whoami') return () => (asked++, target.whoami());
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const known = {...session(), client: counting};
    const rendered = renderSized(
      <App
        session={known}
        profiles={undefined}
        start={{name: 'picker'}}
        firstWhoami={{promise: Promise.resolve(sim.botUser), user: sim.botUser}}
        onExit={() => {}}
      />,
    );
    mounted.push(rendered.unmount);
    await waitForText(rendered, 'me (this client)');
    assert.ok(
      rendered.frames[0]!.includes(` as ${sim.botUser.name.slice(0, 12)}`),
      `the first frame names the bot user:\n${rendered.frames[0]}`,
    );

    // Not answered yet when the frame is drawn: it comes without, and the answer fills it in.
    let answer!: (user: QlikUser) => void;
    const pending = new Promise<QlikUser>((resolve) => (answer = resolve));
    const later = renderSized(
      <App
        session={{...session(), client: counting}}
        profiles={undefined}
        start={{name: 'picker'}}
        firstWhoami={{promise: pending}}
        onExit={() => {}}
      />,
    );
    mounted.push(later.unmount);
    await waitForText(later, 'me (this client)');
    assert.doesNotMatch(later.lastFrame() ?? '', / as /);
    answer(sim.botUser);
    await waitForText(later, ` as ${sim.botUser.name.slice(0, 12)}`);
    assert.equal(asked, 0, 'whoami was asked again although the caller had asked already');
  });

  it('opens the tenant-wide view with user names', async () => {
    const app = start();
    await waitForText(app, 'all users');
    await press(app.stdin, KEYS.down, KEYS.enter);
    await waitForText(app, 'All tokens in the tenant');
    await waitForText(app, 'USER');
    // Names arrive for the visible rows only, from GET /users/{id}.
    await waitForFrame(
      app,
      (f) => sim.users().some((u) => u.id !== sim.botUser.id && f.includes(u.name.slice(0, 10))),
      'a user name in the table',
    );
    app.assertFramesFit();
    app.unmount();
  });

  it('knows the names of the next screenful before a page move: its first frame has names, not ids', async () => {
    // Every GET /users/{id} the view sends, to wait for the answers instead of a time.
    const lookups: Promise<unknown>[] = [];
    const watched = new Proxy(client, {
      get(target, key) {
        if (key === 'getUser')
          return (...args: Parameters<QlikApi['getUser']>) => {
            const answer = target.getUser(...args);
            lookups.push(answer.catch(() => {}));
            return answer;
          };
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const app = start({client: watched});
    await waitForText(app, 'all users');
    await press(app.stdin, KEYS.down, KEYS.enter);
    await waitForFrame(app, (f) => /All tokens in the tenant · \d+ · sort/.test(f), 'the tenant-wide list');
    const idShown = (frame: string) =>
      sim
        .users()
        .filter((u) => frame.includes(u.id.slice(0, 11)))
        .map((u) => u.id);
    await waitForFrame(app, (f) => idShown(f).length === 0, 'names on the first screenful');
    // Every lookup asked so far (this screenful's and its neighbours') has been answered, and drawn.
    for (let seen = 0; seen < lookups.length;) {
      seen = lookups.length;
      await Promise.all(lookups);
    }
    await app.stdin.keys?.idle();
    const before = app.frames.length;
    const shownBefore = app.lastFrame();
    await press(app.stdin, KEYS.pageDown);
    await waitForFrame(app, (f) => f !== shownBefore, 'the next screenful');
    const first = app.frames.slice(before).find((f) => f !== shownBefore)!;
    assert.deepEqual(idShown(first), [], `the page move's first frame shows user ids:\n${first}`);
    assert.ok(lookups.length > 0, 'no user was looked up');
    app.unmount();
  });
});

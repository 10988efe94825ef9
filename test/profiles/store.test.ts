import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {openProfileStore, ProfileStoreError, type ProfileStore} from '../../source/profiles/index.js';
import {migrateV0ToV1} from '../../source/profiles/migrations.js';

function tempHome(): {home: string; cleanup: () => void} {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'qlik-tokens-store-'));
  return {home: path.join(base, 'home'), cleanup: () => fs.rmSync(base, {recursive: true, force: true})};
}

function open(home: string, warnings: string[] = []): ProfileStore {
  return openProfileStore({env: {QLIK_TOKENS_HOME: home}, onWarning: (message) => warnings.push(message)});
}

const sample = (name: string) => ({
  name,
  tenantUrl: 'https://t.eu.qlikcloud.com',
  clientId: `id-${name}`,
  clientSecret: `secret-${name}-0123456789`,
});

const mode = (target: string): number => fs.statSync(target).mode & 0o777;
const sha = (target: string): string => createHash('sha256').update(fs.readFileSync(target)).digest('hex');

test(
  'the config is config.json (no -nodejs suffix) in QLIK_TOKENS_HOME, mode 0600 in a 0700 directory',
  {skip: process.platform === 'win32'},
  (t) => {
    const {home, cleanup} = tempHome();
    t.after(cleanup);
    const store = open(home);
    assert.equal(store.path, path.join(home, 'config.json'));
    assert.equal(fs.existsSync(home), false, 'opening alone creates nothing');
    store.add(sample('prod'));
    assert.deepEqual(fs.readdirSync(home), ['config.json']);
    assert.equal(mode(home), 0o700);
    assert.equal(mode(store.path), 0o600);
    const data = JSON.parse(fs.readFileSync(store.path, 'utf8'));
    assert.equal(data.version, 1);
    assert.equal(data.currentProfile, 'prod');
    assert.equal(data.profiles.prod.scope, 'admin_classic');
  },
);

test(
  'a looser mode on the file or the directory is fixed on the next start, with a warning',
  {skip: process.platform === 'win32'},
  (t) => {
    const {home, cleanup} = tempHome();
    t.after(cleanup);
    open(home).add(sample('prod'));
    fs.chmodSync(path.join(home, 'config.json'), 0o644);
    fs.chmodSync(home, 0o755);
    const warnings: string[] = [];
    const store = open(home, warnings);
    assert.equal(mode(store.path), 0o600);
    assert.equal(mode(home), 0o700);
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), /0644.*0600/);
    assert.match(warnings.join('\n'), /0755.*0700/);
    assert.equal(store.get('prod')?.clientId, 'id-prod', 'content kept');
    const again: string[] = [];
    open(home, again);
    assert.deepEqual(again, [], 'no warning once the modes are right');
  },
);

test('add, list, get, current, use, update, remove', (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  const store = open(home);
  store.add(sample('prod'));
  store.add({...sample('staging'), scope: 'user_default', readonly: true});
  assert.deepEqual(
    store.list().map((p) => p.name),
    ['prod', 'staging'],
  );
  assert.equal(store.current()?.name, 'prod', 'the first profile becomes current');
  store.use('staging');
  assert.equal(store.current()?.name, 'staging');
  assert.equal(store.get('staging')?.readonly, true);
  assert.equal(store.get('staging')?.scope, 'user_default');
  assert.throws(
    () => store.add(sample('prod')),
    (error: unknown) => error instanceof ProfileStoreError && error.kind === 'exists',
  );
  assert.throws(
    () => store.use('nope'),
    (error: unknown) =>
      error instanceof ProfileStoreError && error.kind === 'unknown-profile' && /prod, staging/.test(error.message),
  );
  assert.throws(
    () => store.add(sample('../evil')),
    (error: unknown) => error instanceof ProfileStoreError && error.kind === 'invalid',
  );
  store.update('staging', {readonly: false, tenantUrl: 'https://s.eu.qlikcloud.com'});
  assert.equal(store.get('staging')?.readonly, undefined);
  assert.equal(store.get('staging')?.tenantUrl, 'https://s.eu.qlikcloud.com');
  store.remove('staging');
  assert.equal(store.current(), undefined, 'removing the current profile leaves none current');
  assert.deepEqual(
    store.list().map((p) => p.name),
    ['prod'],
  );
});

test('recent users: most recent first, no duplicates, at most 10', (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  const store = open(home);
  store.add(sample('prod'));
  for (let i = 0; i < 12; i++)
    store.addRecentUser('prod', {id: `u${i}`, name: `User ${i}`, email: i % 2 ? `u${i}@example.com` : null});
  store.addRecentUser('prod', {id: 'u5', name: 'User 5'});
  const recent = store.get('prod')!.recentUsers;
  assert.equal(recent.length, 10);
  assert.deepEqual(
    recent.slice(0, 3).map((u) => u.id),
    ['u5', 'u11', 'u10'],
  );
  assert.equal(recent.filter((u) => u.id === 'u5').length, 1);
  assert.equal(recent[1]!.email, 'u11@example.com');
  assert.ok(!Number.isNaN(Date.parse(recent[0]!.usedAt)));
});

test('the token cache persists in the profile and is dropped when the credentials change', async (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  const store = open(home);
  store.add(sample('prod'));
  await store.tokenCache('prod').save({accessToken: 'at-1', expiresAt: Date.now() + 3_600_000, scope: 'admin_classic'});
  assert.equal((await open(home).tokenCache('prod').load())?.accessToken, 'at-1', 'a second process sees it');
  store.update('prod', {readonly: true});
  assert.equal((await store.tokenCache('prod').load())?.accessToken, 'at-1', 'read-only does not touch credentials');
  store.update('prod', {clientSecret: 'another-secret-value'});
  assert.equal(await store.tokenCache('prod').load(), undefined);
});

test('environment credentials get their own cache entry, keyed by a hash, never by the secret itself', async (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  const store = open(home);
  const credentials = {
    tenantUrl: 'https://t.eu.qlikcloud.com',
    clientId: 'env-id',
    clientSecret: 'env-secret-abcdef123456',
  };
  await store.credentialsTokenCache(credentials).save({accessToken: 'at-env', expiresAt: Date.now() + 3_600_000});
  assert.equal((await store.credentialsTokenCache(credentials).load())?.accessToken, 'at-env');
  assert.equal(
    await store.credentialsTokenCache({...credentials, clientSecret: 'wrong-secret-000000'}).load(),
    undefined,
    'another secret does not get the token',
  );
  assert.deepEqual(store.list(), [], 'no profile was created');
  const text = fs.readFileSync(store.path, 'utf8');
  assert.ok(!text.includes(credentials.clientSecret));
});

// Each of these is a file an operator could leave behind; none may be reset, rewritten or replaced.
const corruptions: Array<{name: string; make: (file: string) => void; message: RegExp}> = [
  {
    name: 'truncated JSON',
    make: (file) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40)),
    message: /not valid JSON/,
  },
  {
    name: 'not JSON at all',
    make: (file) => fs.writeFileSync(file, 'profiles:\n  prod: {}\n'),
    message: /not valid JSON/,
  },
  {name: 'an empty file', make: (file) => fs.writeFileSync(file, ''), message: /is empty/},
  {name: 'a JSON array', make: (file) => fs.writeFileSync(file, '[1,2]'), message: /JSON object/},
  {
    name: 'the wrong shape (a profile without its secret)',
    make: (file) => {
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      delete data.profiles.prod.clientSecret;
      fs.writeFileSync(file, JSON.stringify(data));
    },
    message: /expected shape.*clientSecret/,
  },
  {
    name: 'a hand-written file of the current version with no profiles key',
    make: (file) => fs.writeFileSync(file, JSON.stringify({version: 1, currentProfile: 'prod'})),
    message: /expected shape.*profiles/,
  },
  {
    name: 'a future version',
    make: (file) => {
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      fs.writeFileSync(file, JSON.stringify({...data, version: 7}));
    },
    message: /newer qlik-tokens \(config version 7/,
  },
  {
    name: 'a version-0 file that is not the version-0 shape',
    make: (file) => fs.writeFileSync(file, JSON.stringify({profiles: {prod: {}}})),
    message: /no usable shape/,
  },
];

for (const corruption of corruptions) {
  test(`a config with ${corruption.name} is reported with its path and left untouched`, (t) => {
    const {home, cleanup} = tempHome();
    t.after(cleanup);
    open(home).add(sample('prod'));
    const file = path.join(home, 'config.json');
    corruption.make(file);
    const before = sha(file);
    const check = (error: unknown): boolean => {
      assert.ok(error instanceof ProfileStoreError, String(error));
      assert.equal(error.kind, 'corrupt');
      assert.ok(error.message.includes(file), error.message);
      assert.match(error.message, corruption.message);
      assert.match(error.message, /untouched/);
      return true;
    };
    assert.throws(() => {
      const store = open(home);
      store.list();
      store.add(sample('other'));
    }, check);
    assert.equal(sha(file), before);
    assert.deepEqual(fs.readdirSync(home).sort(), ['config.json'], 'no backup, no temp file, no lock left');
  });
}

test('a config that changes into garbage while the store is open is never overwritten', (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  const store = open(home);
  store.add(sample('prod'));
  fs.writeFileSync(store.path, '{"version": 1, "profiles": {');
  const before = sha(store.path);
  assert.throws(
    () => store.add(sample('other')),
    (error: unknown) => error instanceof ProfileStoreError && error.kind === 'corrupt',
  );
  assert.throws(() => store.tokenCache('prod').save({accessToken: 'x', expiresAt: 1}), ProfileStoreError);
  assert.equal(sha(store.path), before);
});

test(
  'a symlinked config is refused and neither it nor its target is touched',
  {skip: process.platform === 'win32'},
  (t) => {
    const {home, cleanup} = tempHome();
    t.after(cleanup);
    open(home).add(sample('prod'));
    const file = path.join(home, 'config.json');
    const target = path.join(home, 'elsewhere.json');
    fs.renameSync(file, target);
    fs.chmodSync(target, 0o644);
    fs.symlinkSync(target, file);
    const before = sha(target);
    assert.throws(
      () => open(home).list(),
      (error: unknown) =>
        error instanceof ProfileStoreError && error.kind === 'corrupt' && /symbolic link/.test(error.message),
    );
    assert.ok(fs.lstatSync(file).isSymbolicLink());
    assert.equal(sha(target), before);
    assert.equal(mode(target), 0o644, 'the mode fix does not follow the link');
  },
);

test('a config that is a directory is refused', (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  fs.mkdirSync(path.join(home, 'config.json'), {recursive: true});
  assert.throws(
    () => open(home).list(),
    (error: unknown) => error instanceof ProfileStoreError && /not a regular file/.test(error.message),
  );
});

test(
  'an unreadable config is refused',
  {skip: process.platform === 'win32' || process.getuid?.() === 0 ? 'root reads any file' : false},
  (t) => {
    const {home, cleanup} = tempHome();
    t.after(cleanup);
    open(home).add(sample('prod'));
    const file = path.join(home, 'config.json');
    fs.chmodSync(file, 0o000);
    assert.throws(
      () => open(home).list(),
      (error: unknown) => error instanceof ProfileStoreError && /cannot be read/.test(error.message),
    );
    fs.chmodSync(file, 0o600);
  },
);

test('a version-0 file written by hand is migrated to the current shape, keeping every profile and a backup', (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  fs.mkdirSync(home, {recursive: true, mode: 0o700});
  const file = path.join(home, 'config.json');
  const v0 = {
    current: 'staging',
    profiles: [
      {name: 'prod', tenant: 'https://p.eu.qlikcloud.com', clientId: 'p-id', clientSecret: 'p-secret-0123456789'},
      {
        name: 'staging',
        tenant: 'https://s.eu.qlikcloud.com',
        clientId: 's-id',
        clientSecret: 's-secret-0123456789',
        scope: 'user_default',
      },
    ],
  };
  const original = JSON.stringify(v0, null, 2);
  fs.writeFileSync(file, original, {mode: 0o600});
  const store = open(home);
  assert.deepEqual(
    store.list().map(({name, tenantUrl, clientId, clientSecret, scope, recentUsers}) => ({
      name,
      tenantUrl,
      clientId,
      clientSecret,
      scope,
      recentUsers,
    })),
    [
      {
        name: 'prod',
        tenantUrl: 'https://p.eu.qlikcloud.com',
        clientId: 'p-id',
        clientSecret: 'p-secret-0123456789',
        scope: 'admin_classic',
        recentUsers: [],
      },
      {
        name: 'staging',
        tenantUrl: 'https://s.eu.qlikcloud.com',
        clientId: 's-id',
        clientSecret: 's-secret-0123456789',
        scope: 'user_default',
        recentUsers: [],
      },
    ],
  );
  assert.equal(store.current()?.name, 'staging');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(data.version, 1);
  assert.equal(data.__internal__.migrations.version, '1.0.0', 'conf recorded the migration');
  assert.equal(fs.readFileSync(path.join(home, 'config.json.v0.bak'), 'utf8'), original);
  assert.equal(mode(file) & 0o077, 0);
  store.add(sample('third'));
  assert.equal(open(home).list().length, 3, 'the migrated file is an ordinary store afterwards');
});

test('migrateV0ToV1 drops a current profile that does not exist', () => {
  const migrated = migrateV0ToV1({
    current: 'gone',
    profiles: [{name: 'a', tenant: 'https://a.b.qlikcloud.com', clientId: 'c', clientSecret: 's'}],
  });
  assert.equal(migrated.currentProfile, undefined);
  assert.equal(migrated.profiles.a?.scope, 'admin_classic');
});

test('recent users keep bounded strings: a 10 MB name from the tenant does not make a 31 MB config', (t) => {
  const {home, cleanup} = tempHome();
  t.after(cleanup);
  const store = open(home);
  store.add(sample('prod'));
  const huge = 'N'.repeat(10 * 1024 * 1024);
  store.addRecentUser('prod', {id: 'u1', name: huge, email: `${huge}@example.com`});
  store.addRecentUser('prod', {id: 'x'.repeat(10 * 1024 * 1024), name: 'No Qlik ID is this long'});
  assert.ok(fs.statSync(store.path).size < 8 * 1024, `config.json is ${fs.statSync(store.path).size} bytes`);
  const [recent, ...others] = store.get('prod')!.recentUsers;
  assert.equal(others.length, 0, 'an ID that long is not remembered at all (cut, it would name another user)');
  assert.equal(recent!.id, 'u1');
  assert.equal(recent!.name!.length, 256);
  assert.ok(recent!.name!.endsWith('…'));
  assert.equal(recent!.email!.length, 256);
});

test(
  'a QLIK_TOKENS_HOME the tool did not create keeps its mode and sticky bit, with a warning; its own files are 0600',
  {skip: process.platform === 'win32'},
  (t) => {
    const {home, cleanup} = tempHome();
    t.after(cleanup);
    for (const [mode, content] of [
      [0o1777, []], // a shared directory, like /tmp or a tmpfs root
      [0o755, ['notes.txt']], // the operator's own directory, holding their files
    ] as const) {
      fs.rmSync(home, {recursive: true, force: true});
      fs.mkdirSync(home);
      fs.chmodSync(home, mode);
      for (const name of content) fs.writeFileSync(path.join(home, name), 'mine');
      const warnings: string[] = [];
      const store = open(home, warnings);
      store.add(sample('prod'));
      assert.equal(fs.statSync(home).mode & 0o7777, mode, `mode ${mode.toString(8)} kept`);
      assert.equal(fs.statSync(store.path).mode & 0o777, 0o600);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(
        warnings[0]!,
        new RegExp(`QLIK_TOKENS_HOME .* has mode ${mode.toString(8).padStart(4, '0')}.*did not create it`),
      );
    }
  },
);

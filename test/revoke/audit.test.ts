import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {appendFileSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {scratchDir} from '../support/scratch.js';
import path from 'node:path';
import {
  AuditUnavailableError,
  auditLogPath,
  openAuditLog,
  readAudit,
  unsettled,
  type AuditEntry,
} from '../../source/revoke/audit.js';

function home(): string {
  return scratchDir('qlik-tokens-audit-');
}

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: new Date().toISOString(),
    profile: 'prod',
    tenant: 'https://t.eu.qlikcloud.com',
    tokenId: 'tok-1',
    userId: 'user-1',
    outcome: 'revoked',
    status: 204,
    error: null,
    ...overrides,
  };
}

describe('audit log', () => {
  test('lives in QLIK_TOKENS_HOME', () => {
    const dir = home();
    assert.equal(auditLogPath({QLIK_TOKENS_HOME: dir}), path.join(dir, 'audit.jsonl'));
  });

  test('appends one JSON line per outcome, file mode 0600, and reads them back', async () => {
    const file = path.join(home(), 'nested', 'audit.jsonl');
    const log = await openAuditLog(file);
    await Promise.all([
      log.record(entry({tokenId: 'a'})),
      log.record(entry({tokenId: 'b', outcome: 'failed', status: 503, error: {kind: 'protocol', message: 'HTTP 503'}})),
    ]);
    await log.close();
    const again = await openAuditLog(file);
    await again.record(entry({tokenId: 'c', outcome: 'already-gone', status: 404}));
    await again.close();

    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as {type: string}).type),
      ['run-start', 'outcome', 'outcome', 'run-start', 'outcome'],
      'each run starts with a line of its own, then one line per outcome',
    );
    const {entries, skipped} = await readAudit({file});
    assert.equal(skipped, 0);
    assert.deepEqual(
      entries.map((e) => [e.tokenId, e.outcome, e.status]),
      [
        ['a', 'revoked', 204],
        ['b', 'failed', 503],
        ['c', 'already-gone', 404],
      ],
    );
    assert.deepEqual(entries[1]!.error, {kind: 'protocol', message: 'HTTP 503'});
  });

  test('an existing log readable by others is tightened to 0600', {skip: process.platform === 'win32'}, async () => {
    const file = path.join(home(), 'audit.jsonl');
    writeFileSync(file, '', {mode: 0o644});
    const log = await openAuditLog(file);
    await log.close();
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  test('only the whitelisted fields go in, and credentials in messages are masked', async () => {
    const file = path.join(home(), 'audit.jsonl');
    const log = await openAuditLog(file);
    const leaky = {
      ...entry({
        outcome: 'failed',
        status: 401,
        error: {
          kind: 'auth',
          message: 'rejected Authorization: Bearer abc.def.ghi and eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl',
        },
      }),
      clientSecret: 'hunter2-secret',
      accessToken: 'eyJraw.token.here',
    } as AuditEntry;
    await log.record(leaky);
    await log.close();
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /hunter2|abc\.def|eyJ|accessToken|clientSecret/);
    assert.deepEqual(Object.keys(JSON.parse(text.trimEnd().split('\n')[1]!)), [
      'type',
      'time',
      'run',
      'profile',
      'tenant',
      'tokenId',
      'userId',
      'outcome',
      'status',
      'error',
    ]);
  });

  test('a truncated last line (a run killed mid-write) is skipped, the rest is read', async () => {
    const file = path.join(home(), 'audit.jsonl');
    const log = await openAuditLog(file);
    await log.record(entry({tokenId: 'whole'}));
    await log.close();
    appendFileSync(file, '{"time":"2026-01-01T00:00:00.000Z","tokenId":"cut');
    const {entries, skipped} = await readAudit({file});
    assert.deepEqual(
      entries.map((e) => e.tokenId),
      ['whole'],
    );
    assert.equal(skipped, 1);
  });

  test('since filters out older entries; a missing log reads as empty', async () => {
    const file = path.join(home(), 'audit.jsonl');
    const log = await openAuditLog(file);
    await log.record(entry({tokenId: 'old', time: '2020-01-01T00:00:00.000Z'}));
    await log.record(entry({tokenId: 'new'}));
    await log.close();
    const {entries} = await readAudit({file, since: Date.now() - 3_600_000});
    assert.deepEqual(
      entries.map((e) => e.tokenId),
      ['new'],
    );
    assert.deepEqual(await readAudit({file: path.join(home(), 'none.jsonl')}), {entries: [], skipped: 0, torn: []});
  });

  test('opening writes and syncs a line: the proof that the disk takes one (an empty sync proves nothing)', async () => {
    const file = path.join(home(), 'audit.jsonl');
    const log = await openAuditLog(file, {profile: 'prod', tenant: 'https://t.eu.qlikcloud.com'});
    const first = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.equal(first.type, 'run-start');
    assert.equal(first.run, log.run);
    assert.equal(first.tenant, 'https://t.eu.qlikcloud.com');
    await log.close();
  });

  test('an intent with no outcome is unknown; a later listing settles it', async () => {
    const file = path.join(home(), 'audit.jsonl');
    const killed = await openAuditLog(file, {profile: 'prod', tenant: 'https://t.eu.qlikcloud.com'});
    await killed.intent({tokenId: 'answered', userId: 'user-1'});
    await killed.record(entry({tokenId: 'answered'}));
    await killed.intent({tokenId: 'lost-gone', userId: 'user-1'});
    await killed.intent({tokenId: 'lost-still-there', userId: 'user-1'});
    await killed.close(); // as if killed: no outcome for the last two
    let {entries} = await readAudit({file});
    assert.deepEqual(
      entries.map((e) => [e.tokenId, e.outcome, e.settled?.outcome]),
      [
        ['answered', 'revoked', undefined],
        ['lost-gone', 'unknown', undefined],
        ['lost-still-there', 'unknown', undefined],
      ],
    );
    const open = unsettled(entries, {tenant: 'https://t.eu.qlikcloud.com', userId: 'user-1'});
    assert.deepEqual(
      open.map((e) => e.tokenId),
      ['lost-gone', 'lost-still-there'],
    );
    const next = await openAuditLog(file, {profile: 'prod', tenant: 'https://t.eu.qlikcloud.com'});
    await next.settle(open, new Set(['lost-still-there']));
    await next.close();
    ({entries} = await readAudit({file}));
    assert.deepEqual(
      entries.map((e) => [e.tokenId, e.outcome, e.settled?.outcome]),
      [
        ['answered', 'revoked', undefined],
        ['lost-gone', 'unknown', 'revoked'],
        ['lost-still-there', 'unknown', 'not-revoked'],
      ],
    );
    assert.deepEqual(unsettled(entries, {tenant: 'https://t.eu.qlikcloud.com'}), []);
  });

  test('after a torn last line the next run starts on a fresh line: no entry is lost, the torn line is reported', async () => {
    const file = path.join(home(), 'audit.jsonl');
    const log = await openAuditLog(file);
    await log.record(entry({tokenId: 'before'}));
    await log.close();
    // What a short write on a full disk, or a crash mid-write, leaves behind.
    appendFileSync(file, '{"type":"outcome","time":"2026-01-01T00:00:00.000Z","tokenId":"cut');
    const again = await openAuditLog(file);
    await again.record(entry({tokenId: 'after'}));
    await again.close();
    const {entries, torn} = await readAudit({file});
    assert.deepEqual(
      entries.map((e) => e.tokenId),
      ['before', 'after'],
      'the first entry after the torn line is whole',
    );
    assert.equal(torn.length, 1);
    assert.equal(torn[0]!.line, 3);
    assert.match(torn[0]!.excerpt, /"tokenId":"cut/);
  });

  test('the log is never opened through a symbolic link', {skip: process.platform === 'win32'}, async () => {
    const dir = home();
    const target = path.join(dir, 'elsewhere.txt');
    writeFileSync(target, 'not yours\n', {mode: 0o644});
    symlinkSync(target, path.join(dir, 'audit.jsonl'));
    await assert.rejects(openAuditLog(path.join(dir, 'audit.jsonl')), (error: unknown) => {
      assert.ok(error instanceof AuditUnavailableError);
      assert.match(error.message, /symbolic link/);
      return true;
    });
    assert.equal(readFileSync(target, 'utf8'), 'not yours\n', 'the link target is untouched');
    assert.equal(statSync(target).mode & 0o777, 0o644, 'and keeps its mode');
    await assert.rejects(readAudit({file: path.join(dir, 'audit.jsonl')}));
  });

  test('a log that cannot be created refuses to open', async () => {
    const dir = home();
    // A directory where the file should be: unwritable even for root.
    mkdirSync(path.join(dir, 'audit.jsonl'));
    await assert.rejects(openAuditLog(path.join(dir, 'audit.jsonl')), AuditUnavailableError);
    // A file where the directory should be.
    writeFileSync(path.join(dir, 'file'), '');
    await assert.rejects(openAuditLog(path.join(dir, 'file', 'audit.jsonl')), AuditUnavailableError);
  });
});

import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {appendFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {
  AuditUnavailableError,
  auditLogPath,
  openAuditLog,
  readAudit,
  type AuditEntry,
} from '../../source/revoke/audit.js';

function home(): string {
  return mkdtempSync(path.join(tmpdir(), 'qlik-tokens-audit-'));
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
    assert.equal(lines.length, 3);
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
    assert.deepEqual(Object.keys(JSON.parse(text)), [
      'time',
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
    assert.deepEqual(await readAudit({file: path.join(home(), 'none.jsonl')}), {entries: [], skipped: 0});
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

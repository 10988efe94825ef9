// Nothing revoked goes unrecorded (issue 11, items 1–3): a run killed with SIGKILL at any instant,
// and a disk that fills up before or during a run. The built CLI as an operator runs it, the
// simulator over HTTP, the audit log read back as `audit` reads it.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {readAudit} from '../../source/revoke/audit.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {runCli, type CliOptions} from '../commands/cli-harness.js';
import {assertNoStack, cleanupHomes, newHome} from './support.js';

after(cleanupHomes);

const deletes = (sim: Simulator): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;

function cli(sim: Simulator, home: string, args: string[], extra: Partial<CliOptions> = {}) {
  return runCli(args, {
    home,
    env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret},
    timeoutMs: 60_000,
    ...extra,
  });
}

/** The lines of the log by type: which tokens have an intent, which an outcome. */
function linesOf(file: string): {intents: Set<string>; outcomes: Map<string, string>} {
  const intents = new Set<string>();
  const outcomes = new Map<string, string>();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    let line: {type?: string; tokenId?: string; outcome?: string};
    try {
      line = JSON.parse(raw) as typeof line;
    } catch {
      continue;
    }
    if (line.type === 'intent') intents.add(line.tokenId!);
    if (line.type === 'outcome') outcomes.set(line.tokenId!, line.outcome!);
  }
  return {intents, outcomes};
}

describe('kill -9 in the middle of a run', () => {
  let sim: Simulator;
  before(async () => {
    // Every answer takes 400 ms, and the DELETE acts before its answer leaves: at any instant
    // a few revocations have happened on the tenant whose answers the CLI has not seen.
    sim = await startSimulator({port: 0, users: 1, tokens: 0, seed: 51, rateLimits: false, latencyMs: 400});
  });
  after(() => sim.stop());

  test('every token gone on the tenant is in the log; audit says unknown for the unanswered; --settle finds out', async () => {
    const user = sim.addUser({name: 'Killed Run'});
    const ids = Array.from({length: 20}, () => sim.addToken(user.id).id);
    const home = newHome();
    const run = await cli(sim, home, ['tokens', 'revoke', '--user', user.id, '--all', '--yes'], {
      onSpawn: async (pid) => {
        // Killed while DELETEs are in flight: after the sixth has reached the tenant.
        while (deletes(sim) < 6) await new Promise((resolve) => setImmediate(resolve));
        process.kill(pid, 'SIGKILL');
      },
      holdStdin: true,
    });
    assert.equal(run.code, null, 'killed');
    const gone = ids.filter((id) => !sim.hasToken(id));
    assert.ok(gone.length >= 6, `${gone.length} gone`);

    const file = path.join(home, 'audit.jsonl');
    const {intents, outcomes} = linesOf(file);
    for (const id of gone) assert.ok(intents.has(id), `${id} is gone on the tenant and nowhere in the log`);
    for (const [id, outcome] of outcomes) if (outcome === 'revoked') assert.ok(gone.includes(id));
    const unanswered = gone.filter((id) => !outcomes.has(id));
    assert.ok(unanswered.length > 0, 'the kill caught revocations whose answers were still on their way');

    const audit = await cli(sim, home, ['audit']);
    assert.equal(audit.code, 0, audit.stderr);
    for (const id of unanswered) assert.match(audit.stdout, new RegExp(`${id}\\s+${user.id}\\s+unknown`));
    assert.match(audit.stderr, /audit --settle/);

    const settle = await cli(sim, home, ['audit', '--settle', '--json']);
    assert.equal(settle.code, 0, settle.stderr);
    const doc = JSON.parse(settle.stdout) as {
      entries: Array<{tokenId: string; outcome: string; settled?: {outcome: string}}>;
    };
    for (const entry of doc.entries.filter((e) => e.outcome === 'unknown')) {
      const expected = sim.hasToken(entry.tokenId) ? 'not-revoked' : 'revoked';
      assert.equal(entry.settled?.outcome, expected, entry.tokenId);
    }
    assert.ok(doc.entries.some((e) => e.settled?.outcome === 'revoked'));
    assertNoStack(settle.stderr + audit.stderr, 'audit');
  });
});

// A small tmpfs filled to the last page: a real ENOSPC, short writes included. Root only (mount).
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function mountTmpfs(dir: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], {stdio: 'pipe'});
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${String((error as {stderr?: Buffer}).stderr ?? error).trim()}`;
  }
}

/** Writes `file` until the filesystem refuses: it is then full to the last byte it takes. */
function fill(file: string): void {
  const fd = fs.openSync(file, 'a');
  const block = Buffer.alloc(4096, 0x78);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

const mountPoint = isRoot ? fs.mkdtempSync(path.join(os.tmpdir(), 'qlik-tokens-full-')) : '';
const cannotMount = isRoot ? mountTmpfs(mountPoint) : undefined;
const skip = !isRoot
  ? 'needs root to mount a small tmpfs'
  : process.platform !== 'linux'
    ? 'tmpfs is Linux'
    : (cannotMount ?? false);

describe('a full disk under the audit log', {skip}, () => {
  let sim: Simulator;
  const home = mountPoint;
  const filler = path.join(home, 'filler');
  const file = path.join(home, 'audit.jsonl');
  let user = '';
  let ids: string[] = [];
  before(async () => {
    sim = await startSimulator({port: 0, users: 1, tokens: 0, seed: 52, rateLimits: false});
    user = sim.addUser({name: 'Full Disk'}).id;
    ids = Array.from({length: 20}, () => sim.addToken(user, {deviceType: 'Laptop'}).id);
    // While there is room: the access token is cached (config.json), so the runs below write
    // nothing but the audit log.
    const warm = await cli(sim, home, ['whoami']);
    assert.equal(warm.code, 0, warm.stderr);
  });
  after(async () => {
    await sim?.stop();
    try {
      execFileSync('umount', [mountPoint]);
      fs.rmdirSync(mountPoint);
    } catch {
      // Left for the system's tmp cleaning.
    }
  });

  test('nothing can be recorded: exit 1, a message naming the file, and not one DELETE', async () => {
    fill(filler);
    const run = await cli(sim, home, ['tokens', 'revoke', '--user', user, '--all', '--yes']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(`the audit log ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not writable \\(ENOSPC`),
    );
    assert.match(run.stderr, /nothing was revoked/);
    assertNoStack(run.stderr, 'revoke on a full disk');
    assert.equal(deletes(sim), 0, 'no DELETE went out');
    assert.ok(ids.every((id) => sim.hasToken(id)));
  });

  test('room for a few lines: the run stops when it cannot record, and every DELETE sent has its intent on disk', async () => {
    // One page (4 KB) free: a run-start line and a few intents and outcomes, then ENOSPC mid-line.
    fs.truncateSync(filler, fs.statSync(filler).size - 4096);
    const run = await cli(sim, home, ['tokens', 'revoke', '--user', user, '--all', '--yes']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /stopped: the audit log could not be written/);
    assertNoStack(run.stderr, 'revoke on a filling disk');
    const {intents} = linesOf(file);
    const gone = ids.filter((id) => !sim.hasToken(id));
    assert.ok(
      gone.length > 0 && gone.length < ids.length,
      `${gone.length} of ${ids.length} revoked before the disk filled`,
    );
    assert.ok(deletes(sim) <= intents.size, `${deletes(sim)} DELETEs for ${intents.size} intents on disk`);
    for (const id of gone) assert.ok(intents.has(id), `${id} revoked without its intent on disk`);
    assert.notEqual(fs.readFileSync(file, 'utf8').at(-1), '\n', 'the last write was cut short: a torn line');
  });

  test('with room again: audit shows every whole entry and the torn line; the next run starts on a fresh line and settles', async () => {
    fs.rmSync(filler);
    const audit = await cli(sim, home, ['audit']);
    assert.equal(audit.code, 0, audit.stderr);
    assert.match(audit.stderr, /warning: line \d+ of .*audit\.jsonl is not a whole entry/);
    const before = await readAudit({file});
    assert.equal(before.torn.length, 1);

    const run = await cli(sim, home, ['tokens', 'revoke', '--user', user, '--all', '--yes', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      ids.every((id) => !sim.hasToken(id)),
      'every token revoked in the end',
    );
    const after = await readAudit({file});
    assert.equal(after.torn.length, 1, 'the torn line stays the only one: nothing was glued to it');
    const lastOfEach = new Map(after.entries.map((e) => [e.tokenId, e]));
    for (const id of ids) {
      const entry = lastOfEach.get(id)!;
      assert.ok(entry.outcome === 'revoked' || entry.settled?.outcome === 'revoked', `${id}: ${JSON.stringify(entry)}`);
    }
    assert.equal(fs.statSync(home).mode & 0o7777, 0o1777, 'the tmpfs root keeps its mode and sticky bit');
    assert.match(run.stderr, /QLIK_TOKENS_HOME .* has mode 1777/);
  });
});

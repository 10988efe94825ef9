// Human tables of any size (issue 11, item 7): `tokens list` of 130,000 tokens and `audit` of
// 150,000 entries died with "Maximum call stack size exceeded" (a Math.max over every row).
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {runCli} from '../commands/cli-harness.js';
import {assertNoStack, cleanupHomes, newHome} from './support.js';

after(cleanupHomes);

describe('human tables of any number of rows', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({port: 0, users: 50, tokens: 130_000, seed: 61, rateLimits: false});
  });
  after(() => sim.stop());

  test('tokens list of 130,000 tokens', async () => {
    const run = await runCli(['tokens', 'list'], {
      home: newHome(),
      env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret},
      timeoutMs: 100_000,
    });
    assert.equal(run.code, 0, run.stderr.slice(0, 400));
    assertNoStack(run.stderr, 'tokens list');
    assert.equal(run.stdout.trimEnd().split('\n').length, 130_002, 'a heading, a header and one line per token');
  });

  test('audit of 150,000 entries', async () => {
    const home = newHome();
    fs.mkdirSync(home, {recursive: true, mode: 0o700});
    const lines: string[] = [];
    for (let i = 0; i < 150_000; i++)
      lines.push(
        JSON.stringify({
          time: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
          profile: 'prod',
          tenant: 'https://t.eu.qlikcloud.com',
          tokenId: `66a9eafe249304d27e${String(i).padStart(6, '0')}`,
          userId: 'u1',
          outcome: 'revoked',
          status: 204,
          error: null,
        }),
      );
    fs.writeFileSync(path.join(home, 'audit.jsonl'), `${lines.join('\n')}\n`, {mode: 0o600});
    const run = await runCli(['audit'], {home, timeoutMs: 100_000});
    assert.equal(run.code, 0, run.stderr.slice(0, 400));
    assertNoStack(run.stderr, 'audit');
    assert.equal(run.stdout.trimEnd().split('\n').length, 150_001);
  });
});

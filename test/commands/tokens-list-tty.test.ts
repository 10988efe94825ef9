// `tokens list` on a terminal: a slow tenant shows the listing moving, and the line is gone before the table.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {freshHome} from './cli-harness.js';
import {spawnInPty} from '../support/pty.js';

describe('tokens list on a terminal', {skip: process.platform === 'win32'}, () => {
  let sim: Simulator;
  let cleanup: () => void = () => {};
  before(async () => {
    // Three pages of 100, each answered after 300 ms: the listing is visibly under way.
    sim = await startSimulator({port: 0, users: 3, tokens: 250, seed: 4, latencyMs: 300});
  });
  after(async () => {
    await sim.stop();
    cleanup();
  });

  test('counts the tokens listed so far on stderr, then erases that line before the table', async () => {
    const fresh = freshHome();
    cleanup = fresh.cleanup;
    const t = spawnInPty(['tokens', 'list'], {
      home: fresh.home,
      cols: 120,
      env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret},
    });
    await t.waitFor(/listing tokens… 100 so far/);
    assert.equal(await t.exit, 0);
    const output = t.output();
    assert.match(output, /listing tokens… 200 so far/);
    const table = output.slice(output.indexOf('250 tokens of'));
    assert.match(table, /^250 tokens of \d+ users/);
    assert.doesNotMatch(table, /listing tokens/, 'the progress line is not left in the output');
    // The line was erased (carriage return + erase line) before the heading was written.
    assert.ok(output.lastIndexOf('\r\u001b[K') < output.indexOf('250 tokens of'));
  });
});

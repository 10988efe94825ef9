// The masked secret prompt and the remove confirmation, driven in a real pseudo-terminal.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {freshHome, runCli} from './cli-harness.js';
import {spawnInPty as spawnTerminal, type Terminal} from '../support/pty.js';

const SECRET = `S3cr3t-${randomBytes(12).toString('hex')}`;
let sim: Simulator;

before(async () => {
  sim = await startSimulator({
    port: 0,
    users: 5,
    tokens: 10,
    seed: 3,
    clientId: 'sim-id',
    clientSecret: SECRET,
    rateLimits: false,
  });
});
after(async () => {
  await sim?.stop();
});

function spawnInPty(args: string[], home: string): Terminal {
  return spawnTerminal(args, {home});
}

test(
  'on a terminal, add asks for the secret without echoing it; backspace edits it',
  {skip: process.platform === 'win32'},
  async (t) => {
    const {home, cleanup} = freshHome();
    t.after(cleanup);
    const session = spawnInPty(['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', 'sim-id'], home);
    await session.waitFor(/Client secret for sim-id: /);
    // A typo, two backspaces, then the rest: what is saved is the corrected secret.
    session.write(`${SECRET.slice(0, 10)}xy\u007f\u007f`);
    session.write(SECRET.slice(10));
    // The argv of the waiting process, where /proc shows it (Linux).
    const procArgv = `/proc/${session.pid}/cmdline`;
    const argv = fs.existsSync(procArgv) ? fs.readFileSync(procArgv, 'utf8') : '';
    if (argv) assert.match(argv, /cli\.cjs\0profiles\0add\0sim/, 'the argv read is the waiting CLI’s');
    session.write('\r');
    assert.equal(await session.exit, 0, session.output());
    assert.ok(!argv.includes(SECRET));
    const screen = session.output();
    assert.ok(!screen.includes(SECRET), 'the secret never reaches the terminal');
    assert.ok(!screen.includes(SECRET.slice(0, 10)), 'not even its beginning');
    assert.match(screen, /\*{10}/, 'one * per character');
    assert.match(screen, /saved profile "sim"/);
    const stored = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
    assert.equal(stored.profiles.sim.clientSecret, SECRET);
  },
);

test(
  'ctrl-c at the secret prompt cancels with exit 2 and saves nothing',
  {skip: process.platform === 'win32'},
  async (t) => {
    const {home, cleanup} = freshHome();
    t.after(cleanup);
    const session = spawnInPty(['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', 'sim-id'], home);
    await session.waitFor(/Client secret/);
    session.write('abc\u0003');
    assert.equal(await session.exit, 2);
    assert.equal(fs.existsSync(path.join(home, 'config.json')), false);
  },
);

test(
  'on a terminal, remove asks first and anything but y keeps the profile',
  {skip: process.platform === 'win32'},
  async (t) => {
    const {home, cleanup} = freshHome();
    t.after(cleanup);
    const added = await runCli(
      ['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin', '--no-test'],
      {home, input: SECRET},
    );
    assert.equal(added.code, 0, added.stderr);

    const declined = spawnInPty(['profiles', 'remove', 'sim'], home);
    await declined.waitFor(/Remove profile "sim".*\[y\/N\]/);
    declined.write('\r');
    assert.equal(await declined.exit, 2);
    assert.equal(JSON.parse((await runCli(['profiles', 'list', '--json'], {home})).stdout).length, 1);

    const accepted = spawnInPty(['profiles', 'remove', 'sim'], home);
    await accepted.waitFor(/\[y\/N\]/);
    accepted.write('y\r');
    assert.equal(await accepted.exit, 0, accepted.output());
    assert.deepEqual(JSON.parse((await runCli(['profiles', 'list', '--json'], {home})).stdout), []);
  },
);

// On Node 20 a command keeps undici's HTTP parser (WebAssembly) in V8's baseline tier (cli.tsx):
// the TurboFan recompile of its largest function cost each command 86 ms of CPU and a wait at exit.
// V8 says which tier compiled each function when asked (--trace-wasm-compilation-times).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {CLI_ARGS, REPO_ROOT, childEnv, homeKeeper, simCredentials} from './cli-harness.js';

let sim: Simulator;
const homes = homeKeeper();
before(async () => {
  sim = await startSimulator({port: 0, users: 3, tokens: 20, rateLimits: false});
});
after(async () => {
  await sim.stop();
  homes.cleanup();
});

test(
  'on Node 20, a command compiles the HTTP parser with Liftoff only',
  {skip: !process.versions.node.startsWith('20.') && 'Node 20 only: 22 and 24 do not wait for the recompile'},
  async () => {
    const child = spawn(process.execPath, ['--trace-wasm-compilation-times', ...CLI_ARGS, 'whoami'], {
      cwd: REPO_ROOT,
      env: childEnv(homes.fresh(), simCredentials(sim)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 0, output);
    assert.match(output, /qlik-tokens simulator client/);
    // The parser was compiled at all (so the trace works), and never by TurboFan.
    assert.match(output, /using Liftoff/);
    assert.doesNotMatch(output, /using TurboFan/);
  },
);

// `npm test`: the build, then the type check, the lint (Prettier, ESLint) and the tests side by side.
// The tests need the build (they drive dist/cli.cjs); the type check and the lint need nothing, and
// run while the first, slowest test files mostly wait on a slow simulated tenant (measured here:
// the tests alone 136.8 s; build 3.1 s, then the three side by side, 142.5 s).
// The checks' output is shown as each one finished; any failure fails the whole, after all ended.
import {spawn} from 'node:child_process';

const started = performance.now();
const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

function run(name, command, args, {quiet = true} = {}) {
  return new Promise((resolve) => {
    const begun = performance.now();
    const child = spawn(command, args, {stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit'});
    let output = '';
    child.stdout?.on('data', (data) => (output += data));
    child.stderr?.on('data', (data) => (output += data));
    child.on('close', (code) => {
      if (quiet) process.stdout.write(`${code === 0 ? '✔' : '✖'} ${name} (${seconds(begun)} s)\n${output}`);
      resolve(code === 0);
    });
  });
}

const only = process.argv.slice(2);
if (!(await run('build', 'npm', ['run', '--silent', 'build']))) process.exit(1);
const steps = [
  ['type check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['tests', process.execPath, ['scripts/test.mjs', ...only], {quiet: false}],
];
const results = await Promise.all(steps.map((step) => run(...step)));
const failed = steps.filter((_, i) => !results[i]).map(([name]) => name);
process.stdout.write(
  `build, type check, lint and tests: ${seconds(started)} s${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}\n`,
);
process.exit(failed.length === 0 ? 0 : 1);

// `npm test`'s first half: the type check, the lint (Prettier, ESLint) and the build, side by side
// (each is one process on one core, ~10 s here; in a row they took ~35 s before the first test).
// Each one's output is shown as it finished; any failure fails the whole, after all have ended.
import {spawn} from 'node:child_process';

const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
];

const started = performance.now();
const results = await Promise.all(
  steps.map(
    ([name, command, args]) =>
      new Promise((resolve) => {
        const begun = performance.now();
        const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe']});
        let output = '';
        child.stdout.on('data', (data) => (output += data));
        child.stderr.on('data', (data) => (output += data));
        child.on('close', (code) => {
          const seconds = ((performance.now() - begun) / 1000).toFixed(1);
          process.stdout.write(`${code === 0 ? '✔' : '✖'} ${name} (${seconds} s)\n${output}`);
          resolve(code === 0);
        });
      }),
  ),
);
process.stdout.write(`type check, lint and build: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(results.every(Boolean) ? 0 : 1);

// `node scripts/ci-demo.mjs BIN`: runs `BIN --demo` in a pseudo-terminal (node-pty, built for the
// Node running this script): on the user picker ↓ to "all users", enter, and on the tenant-wide token
// list q; expects exit 0. (On the picker q would be search text.)
// Part of the packed-install check of scripts/ci-matrix.mjs.
import pty from 'node-pty';

const [bin] = process.argv.slice(2);
const env = {...process.env, TERM: 'xterm-256color'};
// With CI set, Ink draws only the last frame at exit: the picker would never show.
delete env.CI;
delete env.CONTINUOUS_INTEGRATION;

const term = pty.spawn(bin, ['--demo'], {name: 'xterm-256color', cols: 80, rows: 24, env});
let output = '';
// What to wait for on the screen, and the keys to send then.
const script = [
  [/DEMO[\s\S]*all users/, '\u001B[B'],
  [/› all users/, '\r'],
  [/All tokens in the tenant/, 'q'],
];
let next = 0;
const deadline = setTimeout(() => {
  process.stderr.write(`no ${script[next][0]} within 30 s; output:\n${JSON.stringify(output.slice(-2000))}\n`);
  term.kill('SIGKILL');
  process.exit(1);
}, 30_000);
term.onData((data) => {
  output += data;
  const text = output.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
  if (next < script.length && script[next][0].test(text)) {
    term.write(script[next][1]);
    output = '';
    next++;
  }
});
term.onExit(({exitCode, signal}) => {
  clearTimeout(deadline);
  if (next < script.length || exitCode !== 0) {
    const how = signal ? `signal ${signal}` : `exit ${exitCode}`;
    process.stderr.write(`--demo ended with ${how}${next < script.length ? ` before ${script[next][0]}` : ''}\n`);
    process.exit(1);
  }
  process.stdout.write('demo: picker, all users, the tenant-wide list, q: exit 0\n');
});

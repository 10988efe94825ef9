// An idle screen stays idle (htop, k9s): the bytes the TUI writes to the terminal while an
// operator only looks at a token list, refreshed live every 5 s (the default) from a tenant whose
// tokens do not change. Every byte here is a repaint nobody asked for; over SSH it is bandwidth and
// flicker.
import {round, type BenchRow} from './measure.js';
import {startTuiInPty} from './tui-pty.js';

const WINDOW_MS = 10_000;
const TARGET_BYTES_PER_S = 300;

export async function benchTuiIdle(): Promise<BenchRow[]> {
  let bytes = 0;
  const {child, sleep, waitFor, stop} = await startTuiInPty(
    ['--users', '30', '--tokens', '300', '--seed', '7', '--no-rate-limits'],
    [],
    (data) => {
      bytes += Buffer.byteLength(data);
    },
  );
  try {
    await waitFor((s) => s.includes('all users'), 'the user picker');
    child.write('\u001b[B');
    await waitFor((s) => /›\s*all users/.test(s), 'the cursor on "all users"');
    child.write('\r');
    await waitFor((s) => /All tokens in the tenant/.test(s) && /\b[0-9a-f]{24}\b/.test(s), 'the token list');
    // Let the first listing's names and flashes settle, then count.
    await sleep(3_000);
    const start = bytes;
    await sleep(WINDOW_MS);
    const perSecond = ((bytes - start) * 1000) / WINDOW_MS;
    return [
      {
        group: 'TUI, idle token list, 80x24 pty',
        name: `bytes written per second, idle (refresh every 5 s, ${WINDOW_MS / 1000} s window)`,
        value: round(perSecond, 0),
        unit: 'B/s',
        note: `target ≤ ${TARGET_BYTES_PER_S} B/s; a window that holds a whole minute of the clock holds one frame (~2.4 kB) for the relative times`,
      },
    ];
  } finally {
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchTuiIdle()) console.log(row);
}

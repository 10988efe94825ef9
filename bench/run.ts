// `npm run bench`: every figure side by side in one run, as ratios to a baseline measured in the
// same run (absolute times are noise on a shared 2-core machine; ratios hold).
import {cpus, totalmem} from 'node:os';
import type {BenchRow} from './measure.js';

type Bench = {name: string; run: () => Promise<BenchRow[]>};

const benches: Bench[] = [
  {name: 'start-up', run: async () => (await import('./startup.js')).benchStartup()},
  {name: 'listing', run: async () => (await import('./list-tokens.js')).benchListTokens()},
  {
    name: 'tui',
    run: async () => [
      ...(await (await import('./tui-keys.js')).benchTuiKeys()),
      ...(await (await import('./tui-idle.js')).benchTuiIdle()),
    ],
  },
  {
    name: 'bulk revoke',
    run: async () => {
      const {benchFarTenant, benchBulkRevoke} = await import('./bulk-revoke.js');
      return [...(await benchFarTenant()), ...(await benchBulkRevoke())];
    },
  },
  {name: 'all profiles', run: async () => (await import('./all-profiles.js')).benchAllProfiles()},
  {name: 'watch', run: async () => (await import('./watch.js')).benchWatch()},
];

const only = process.argv.slice(2);
const selected = only.length ? benches.filter((b) => only.includes(b.name)) : benches;

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(
  `qlik-tokens benchmarks · Node ${process.version} · ${process.platform}/${process.arch} · ${cpus().length} × ${cpu} · ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
console.log(`${new Date().toISOString()}\n`);

const rows: BenchRow[] = [];
let failed = false;
for (const bench of selected) {
  process.stderr.write(`running ${bench.name}…\n`);
  try {
    const result = await bench.run();
    rows.push(...result.map((row) => ({...row, group: row.group ?? bench.name})));
  } catch (error) {
    failed = true;
    rows.push({
      group: bench.name,
      name: 'FAILED',
      value: Number.NaN,
      unit: '',
      note: error instanceof Error ? error.message.split('\n')[0] : String(error),
    });
  }
}

const header = ['group', 'measure', 'value', 'note'];
const table = rows.map((r) => [
  r.group ?? '',
  r.name,
  Number.isNaN(r.value) ? '—' : `${r.value} ${r.unit}`.trim(),
  r.note ?? '',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));
process.exitCode = failed ? 1 : 0;

// Many tenants and hygiene, through the built CLI as an operator runs it:
// (a) one person's 50 tokens revoked on one tenant, on two tenants at once (--all-profiles), and on
//     the same two one after the other; every reply 150 ms late, Qlik's real rate limits;
// (b) `tokens revoke --unused-for 90d`: the dry run's count against what the real run revoked, and
//     the DELETEs the dry run sent (none).
// Every run gets fresh tenants (a revoked token stays revoked, and the tier-2 budget is full).
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator, type Simulator} from '../source/simulator/index.js';
import {CLI, median, round, type BenchRow} from './measure.js';

const TOKENS = 50;
const LATENCY_MS = 150;
const REPS = 3;
const EMAIL = 'mallory@example.com';

type Cli = {code: number | null; stdout: string; ms: number};

function cli(home: string, args: string[], input?: string): Promise<Cli> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {...process.env, QLIK_TOKENS_HOME: home, NO_COLOR: '1'};
    for (const key of Object.keys(env)) if (key.startsWith('QLIK_') && key !== 'QLIK_TOKENS_HOME') delete env[key];
    const child = spawn(process.execPath, [CLI, ...args], {env, stdio: ['pipe', 'pipe', 'ignore']});
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stdout, ms: performance.now() - started}));
    if (input !== undefined) child.stdin.write(input);
    child.stdin.end();
  });
}

async function fleet(count: number): Promise<{sims: Simulator[]; home: string; stop: () => Promise<void>}> {
  const sims = await Promise.all(
    Array.from({length: count}, (_, i) => startSimulator({users: 10, tokens: 40, seed: 40 + i, latencyMs: LATENCY_MS})),
  );
  const home = path.join(mkdtempSync(path.join(tmpdir(), 'qlik-tokens-bench-fleet-')), 'home');
  for (const [i, sim] of sims.entries()) {
    const user = sim.addUser({name: 'Mallory', email: EMAIL});
    for (let n = 0; n < TOKENS; n++) sim.addToken(user.id, {deviceType: 'Laptop'});
    const added = await cli(
      home,
      [
        'profiles',
        'add',
        `tenant-${i + 1}`,
        '--tenant',
        sim.url,
        '--client-id',
        sim.clientId,
        '--secret-stdin',
        '--no-test',
      ],
      sim.clientSecret,
    );
    if (added.code !== 0) throw new Error(`profiles add exited ${added.code}`);
  }
  return {
    sims,
    home,
    stop: async () => {
      await Promise.all(sims.map((s) => s.stop()));
      rmSync(path.dirname(home), {recursive: true, force: true});
    },
  };
}

const REVOKE = ['tokens', 'revoke', '--user', EMAIL, '--all', '--yes', '--json'];

async function measure(count: number, run: (home: string) => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const {sims, home, stop} = await fleet(count);
    try {
      times.push(await run(home));
      const left = sims.reduce((sum, sim) => sum + sim.users().filter((u) => u.email === EMAIL).length, 0);
      if (left !== count) throw new Error('the tenants lost their user');
    } finally {
      await stop();
    }
  }
  return median(times);
}

async function revoked(home: string, args: string[]): Promise<number> {
  const run = await cli(home, args);
  if (run.code !== 0) throw new Error(`${args.join(' ')} exited ${run.code}`);
  return run.ms;
}

export async function benchAllProfiles(): Promise<BenchRow[]> {
  const group = `revoke ${TOKENS} tokens of one person (${LATENCY_MS} ms latency)`;
  const one = await measure(1, (home) => revoked(home, ['--profile', 'tenant-1', ...REVOKE]));
  const both = await measure(2, (home) => revoked(home, [...REVOKE, '--all-profiles']));
  const sequential = await measure(
    2,
    async (home) =>
      (await revoked(home, ['--profile', 'tenant-1', ...REVOKE])) +
      (await revoked(home, ['--profile', 'tenant-2', ...REVOKE])),
  );
  const rows: BenchRow[] = [
    {group, name: 'one tenant (--profile)', value: round(one / 1000), unit: 's'},
    {
      group,
      name: 'two tenants at once (--all-profiles)',
      value: round(both / 1000),
      unit: 's',
      note: `${round(both / one)}× one tenant`,
    },
    {
      group,
      name: 'the same two tenants one after the other',
      value: round(sequential / 1000),
      unit: 's',
      note: `${round(sequential / one)}× one tenant; --all-profiles is ${round(sequential / both)}× faster`,
    },
  ];

  // Hygiene: what the dry run lists is what the real run revokes.
  const sim = await startSimulator({users: 100, tokens: 1000, seed: 1});
  const home = path.join(mkdtempSync(path.join(tmpdir(), 'qlik-tokens-bench-dry-')), 'home');
  try {
    const env = ['profiles', 'add', 'hygiene', '--tenant', sim.url, '--client-id', sim.clientId, '--secret-stdin'];
    await cli(home, [...env, '--no-test'], sim.clientSecret);
    const stale = ['tokens', 'revoke', '--unused-for', '90d', '--json'];
    sim.resetStats();
    const dry = await cli(home, [...stale, '--dry-run']);
    const dryDeletes = sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;
    const listed = (JSON.parse(dry.stdout) as unknown[]).length;
    const real = await cli(home, [...stale, '--yes']);
    const doc = JSON.parse(real.stdout) as {counts: {revoked: number; total: number}};
    rows.push({
      group: 'hygiene: tokens revoke --unused-for 90d (1,000 tokens)',
      name: 'the dry run lists',
      value: listed,
      unit: 'tokens',
      note: `the real run then revoked ${doc.counts.revoked} of ${doc.counts.total}; the dry run sent ${dryDeletes} DELETEs`,
    });
  } finally {
    await sim.stop();
    rmSync(path.dirname(home), {recursive: true, force: true});
  }
  return rows;
}

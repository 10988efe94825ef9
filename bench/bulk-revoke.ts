// Revoking 1,000 tokens on the simulator (20 ms per reply, in its own process):
// (a) no rate limits: the engine against the seed tutorial's workflow, one DELETE after another;
// (b) tier 2 limited, scaled in time to 50 per 1 s window: the engine against the floor N / rate,
//     and against an unpaced pool of the same concurrency that relies on Retry-After alone.
// (c) 50 tokens of one user at 150 ms latency with Qlik's real limits (100/min over 5 min): the
//     CLI from start to summary (`tokens revoke --user U --all --yes`), and the engine alone with
//     the adaptive concurrency against a fixed 4 (the old default), each beside its floor of
//     round trips + N × latency / concurrency.
// Every run gets a fresh tenant (a revoked token stays revoked) and counts the 429s it received.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {request} from 'undici';
import {createQlikClient} from '../source/qlik/client.js';
import type {QlikApi} from '../source/qlik/types.js';
import {revokeTokens} from '../source/revoke/index.js';
import {AdaptiveConcurrency} from '../source/revoke/concurrency.js';
import {CLI, median, round, spawnSimulator, type BenchRow, type SimulatorProcess} from './measure.js';

const TOKENS = 1000;
const LATENCY_MS = 20;
const CONCURRENCY = 4;
// 3,000 a minute over a 1 s window = 50 per second: Qlik's 100/min shape, 30× faster.
const TIER2 = {limit: 50, windowMs: 1000};
const LIMITED = ['--tier2', String(TIER2.limit * 60), '--window', String(TIER2.windowMs / 1000)];

type Run = {ms: number; refused: number};

async function tenant(limits: string[]): Promise<{sim: SimulatorProcess; ids: string[]}> {
  const sim = await spawnSimulator([
    '--users',
    '20',
    '--tokens',
    String(TOKENS),
    '--seed',
    '5',
    '--latency-ms',
    String(LATENCY_MS),
    ...limits,
  ]);
  const client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
  try {
    const ids = (await client.listTokens({limit: 100})).map((t) => t.id);
    if (ids.length !== TOKENS) throw new Error(`the simulator holds ${ids.length} tokens, expected ${TOKENS}`);
    // This set-up spent a tier-2 request (its access token): let it leave the window, so that the
    // run measured starts with the whole budget, as a real incident would.
    await sleep(TIER2.windowMs + 100);
    return {sim, ids};
  } finally {
    await client.close();
  }
}

function countingClient(sim: SimulatorProcess): {client: QlikApi; refused: () => number} {
  let refused = 0;
  const client = createQlikClient(
    {tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret},
    {onEvent: (event) => void (event.type === 'request' && event.status === 429 && refused++)},
  );
  return {client, refused: () => refused};
}

/** The seed's curl workflow as a program: one access token, then one DELETE after another. */
async function sequentialLoop(sim: SimulatorProcess, ids: string[]): Promise<Run> {
  const start = performance.now();
  const res = await request(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      grant_type: 'client_credentials',
      scope: 'admin_classic',
    }),
  });
  const {access_token: token} = (await res.body.json()) as {access_token: string};
  let refused = 0;
  for (const id of ids) {
    const reply = await request(`${sim.url}/api/v1/oauth-tokens/${id}`, {
      method: 'DELETE',
      headers: {authorization: `Bearer ${token}`},
    });
    await reply.body.dump();
    if (reply.statusCode === 429) refused++;
    else if (reply.statusCode !== 204) throw new Error(`sequential loop: HTTP ${reply.statusCode} for ${id}`);
  }
  return {ms: performance.now() - start, refused};
}

async function engine(sim: SimulatorProcess, ids: string[], rate?: typeof TIER2): Promise<Run> {
  const {client, refused} = countingClient(sim);
  const home = mkdtempSync(path.join(tmpdir(), 'qlik-tokens-bench-'));
  try {
    const start = performance.now();
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      concurrency: CONCURRENCY,
      // Limits off: a rate no run of 1,000 can reach, so only concurrency and latency count.
      rate: rate ?? {limit: 1_000_000, windowMs: 1000},
      audit: {profile: 'bench', file: path.join(home, 'audit.jsonl')},
    });
    const ms = performance.now() - start;
    if (result.counts.revoked !== TOKENS) throw new Error(`engine revoked ${result.counts.revoked} of ${TOKENS}`);
    return {ms, refused: refused()};
  } finally {
    await client.close();
    rmSync(home, {recursive: true, force: true});
  }
}

/** What a script would do with the client alone: a pool of 4, no pacing, Retry-After honoured. */
async function unpacedPool(sim: SimulatorProcess, ids: string[]): Promise<Run> {
  const {client, refused} = countingClient(sim);
  try {
    const start = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) await client.revokeToken(ids[next++]!);
    };
    await Promise.all(Array.from({length: CONCURRENCY}, worker));
    return {ms: performance.now() - start, refused: refused()};
  } finally {
    await client.close();
  }
}

async function measure(limits: string[], run: (sim: SimulatorProcess, ids: string[]) => Promise<Run>): Promise<Run> {
  const {sim, ids} = await tenant(limits);
  try {
    return await run(sim, ids);
  } finally {
    await sim.stop();
  }
}

const seconds = (ms: number) => round(ms / 1000, 2);

export async function benchBulkRevoke(): Promise<BenchRow[]> {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing (the simulator runs from it): npm run build');
  const group = `revoke ${TOKENS.toLocaleString('en')} tokens (${LATENCY_MS} ms latency)`;

  const sequential = await measure(['--no-rate-limits'], sequentialLoop);
  const free = await measure(['--no-rate-limits'], (sim, ids) => engine(sim, ids));
  const limited = await measure(LIMITED, (sim, ids) => engine(sim, ids, TIER2));
  const unpaced = await measure(LIMITED, unpacedPool);
  // The floor: the first window's burst is free, every later request waits for a slot.
  const floorMs = ((TOKENS - TIER2.limit) / TIER2.limit) * TIER2.windowMs;

  const rate = `tier 2 = ${TIER2.limit}/s`;
  return [
    {
      group,
      name: 'no limits: sequential DELETE loop (curl workflow)',
      value: seconds(sequential.ms),
      unit: 's',
      note: `${sequential.refused} × 429`,
    },
    {
      group,
      name: `no limits: engine, concurrency ${CONCURRENCY}`,
      value: seconds(free.ms),
      unit: 's',
      note: `${round(sequential.ms / free.ms, 1)}× faster than sequential; floor N×latency/concurrency = ${seconds((TOKENS * LATENCY_MS) / CONCURRENCY)} s; ${free.refused} × 429`,
    },
    {group, name: `${rate}: floor (N − burst) / rate`, value: seconds(floorMs), unit: 's'},
    {
      group,
      name: `${rate}: engine`,
      value: seconds(limited.ms),
      unit: 's',
      // 1,000 DELETEs plus the access-token request (tier 2 as well) need one more window than 1,000.
      note: `${round(limited.ms / floorMs, 2)}× the floor (its access-token request is the 1,001st tier-2 request: one more window); ${limited.refused} × 429`,
    },
    {
      group,
      name: `${rate}: unpaced pool of ${CONCURRENCY}, Retry-After only`,
      value: seconds(unpaced.ms),
      unit: 's',
      note: `${round(unpaced.ms / floorMs, 2)}× the floor; ${unpaced.refused} × 429`,
    },
  ];
}

const FEW = 50;
const FAR_MS = 150;

/** A tenant at FAR_MS with Qlik's default limits, one user holding FEW tokens. */
async function farTenant(): Promise<{sim: SimulatorProcess; userId: string}> {
  const sim = await spawnSimulator(['--users', '1', '--tokens', String(FEW), '--latency-ms', String(FAR_MS)]);
  const client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
  try {
    const tokens = await client.listTokens();
    const userId = tokens[0]?.userId;
    if (tokens.length !== FEW || tokens.some((t) => t.userId !== userId))
      throw new Error(`expected one user with ${FEW} tokens`);
    return {sim, userId: userId!};
  } finally {
    await client.close();
  }
}

/** `qlik-tokens tokens revoke --user U --all --yes --json`, from spawn to exit (the summary is its last act). */
async function cliRun(sim: SimulatorProcess, userId: string): Promise<Run & {revoked: number}> {
  const home = mkdtempSync(path.join(tmpdir(), 'qlik-tokens-bench-'));
  try {
    const start = performance.now();
    const child = spawn(process.execPath, [CLI, 'tokens', 'revoke', '--user', userId, '--all', '--yes', '--json'], {
      env: {
        ...process.env,
        QLIK_TOKENS_HOME: home,
        QLIK_TENANT: sim.url,
        QLIK_CLIENT_ID: sim.clientId,
        QLIK_CLIENT_SECRET: sim.clientSecret,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ms = performance.now() - start;
    if (code !== 0) throw new Error(`the CLI exited with ${code}`);
    const doc = JSON.parse(out) as {outcomes?: Array<{outcome: string}>};
    const revoked = (doc.outcomes ?? []).filter((o) => o.outcome === 'revoked').length;
    if (revoked !== FEW) throw new Error(`the CLI revoked ${revoked} of ${FEW}`);
    const refused = (doc.outcomes ?? []).filter((o) => o.outcome !== 'revoked').length;
    return {ms, refused, revoked};
  } finally {
    rmSync(home, {recursive: true, force: true});
  }
}

async function engineRun(sim: SimulatorProcess, userId: string, concurrency?: number): Promise<Run & {peak: number}> {
  const {client, refused} = countingClient(sim);
  const home = mkdtempSync(path.join(tmpdir(), 'qlik-tokens-bench-'));
  try {
    const start = performance.now();
    const result = await revokeTokens({
      client,
      userId,
      all: true,
      ...(concurrency === undefined ? {} : {concurrency}),
      audit: {profile: 'bench', file: path.join(home, 'audit.jsonl')},
    });
    const ms = performance.now() - start;
    if (result.counts.revoked !== FEW) throw new Error(`engine revoked ${result.counts.revoked} of ${FEW}`);
    return {ms, refused: refused(), peak: result.peakInFlight ?? 0};
  } finally {
    await client.close();
    rmSync(home, {recursive: true, force: true});
  }
}

async function onFarTenant<T>(run: (sim: SimulatorProcess, userId: string) => Promise<T>): Promise<T> {
  const {sim, userId} = await farTenant();
  try {
    return await run(sim, userId);
  } finally {
    await sim.stop();
  }
}

/** Group (c): the median of three runs each. */
export async function benchFarTenant(): Promise<BenchRow[]> {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: npm run build');
  const group = `revoke ${FEW} tokens of one user (${FAR_MS} ms latency, Qlik's limits)`;
  const adaptive = new AdaptiveConcurrency();
  adaptive.observe(FAR_MS);
  const target = adaptive.limit;
  // Round trips besides the DELETEs: the CLI's access token, user, listing and closing re-listing;
  // the engine's listing and re-listing (its access token comes first, as in the CLI: counted too).
  const floor = (trips: number, concurrency: number) => trips * FAR_MS + (FEW * FAR_MS) / concurrency;
  const runs = 3;
  const cli: Run[] = [];
  const fixed: Run[] = [];
  const auto: Array<Run & {peak: number}> = [];
  for (let i = 0; i < runs; i++) {
    cli.push(await onFarTenant(cliRun));
    fixed.push(await onFarTenant((sim, user) => engineRun(sim, user, CONCURRENCY)));
    auto.push(await onFarTenant((sim, user) => engineRun(sim, user)));
  }
  const med = (list: Run[]) => median(list.map((r) => r.ms));
  const refusals = (list: Run[]) => list.reduce((sum, r) => sum + r.refused, 0);
  const peak = Math.max(...auto.map((r) => r.peak));
  return [
    {
      group,
      name: 'CLI, start to summary (adaptive concurrency)',
      value: seconds(med(cli)),
      unit: 's',
      note: `floor 4 round trips + ${FEW} × ${FAR_MS} ms / ${target} = ${seconds(floor(4, target))} s (+ the process start); ${refusals(cli)} not revoked in ${runs} runs`,
    },
    {
      group,
      name: `engine, fixed concurrency ${CONCURRENCY} (the old default)`,
      value: seconds(med(fixed)),
      unit: 's',
      note: `floor 3 round trips + ${FEW} × ${FAR_MS} ms / ${CONCURRENCY} = ${seconds(floor(3, CONCURRENCY))} s; ${refusals(fixed)} × 429`,
    },
    {
      group,
      name: 'engine, adaptive concurrency',
      value: seconds(med(auto)),
      unit: 's',
      note: `peak ${peak} in flight; floor 3 round trips + ${FEW} × ${FAR_MS} ms / ${target} = ${seconds(floor(3, target))} s; ${refusals(auto)} × 429`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of [...(await benchFarTenant()), ...(await benchBulkRevoke())]) console.log(row);
}

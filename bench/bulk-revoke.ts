// Revoking 1,000 tokens on the simulator (20 ms per reply, in its own process):
// (a) no rate limits: the engine against the seed tutorial's workflow, one DELETE after another;
// (b) tier 2 limited, scaled in time to 50 per 1 s window: the engine against the floor N / rate,
//     and against an unpaced pool of the same concurrency that relies on Retry-After alone.
// Every run gets a fresh tenant (a revoked token stays revoked) and counts the 429s it received.
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {request} from 'undici';
import {createQlikClient} from '../source/qlik/client.js';
import type {QlikApi} from '../source/qlik/types.js';
import {revokeTokens} from '../source/revoke/index.js';
import {CLI, round, spawnSimulator, type BenchRow, type SimulatorProcess} from './measure.js';

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
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing (the simulator runs from it): npm run build');
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

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchBulkRevoke()) console.log(row);
}

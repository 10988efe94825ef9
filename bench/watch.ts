// Containment that outlasts the attacker: `tokens revoke --user U --all --yes --watch 60s` through
// the built CLI, against a tenant where a live session mints a token for U every 2 s, every reply
// 100 ms late, Qlik's real rate limits. Reported: tokens minted and revoked during the watch, the
// requests the watch spent a minute (by the simulator's own count), and how long a minted token
// lived (minted → its DELETE answered), median, p95 and worst.
// BENCH_WATCH_SECONDS shortens or lengthens the watch (default 60).
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSimulator} from '../source/simulator/index.js';
import {CLI, median, percentile, round, type BenchRow} from './measure.js';

const MINT_EVERY_MS = 2000;
const LATENCY_MS = 100;

export async function benchWatch(): Promise<BenchRow[]> {
  const seconds = Number(process.env.BENCH_WATCH_SECONDS ?? 60);
  const sim = await startSimulator({users: 20, tokens: 200, seed: 77, latencyMs: LATENCY_MS});
  const user = sim.addUser({name: 'Compromised', email: 'compromised@example.com'});
  for (let n = 0; n < 20; n++) sim.addToken(user.id, {deviceType: 'Laptop'});
  const home = path.join(mkdtempSync(path.join(tmpdir(), 'qlik-tokens-bench-watch-')), 'home');
  try {
    const stopMinting = sim.startMinting({userId: user.id, everyMs: MINT_EVERY_MS});
    sim.resetStats();
    const doc = await new Promise<{
      outcomes: Array<{tokenId: string; outcome: string; phase: string}>;
      watch: {durationMs: number; polls: number; remaining: string[] | null};
    }>((resolve, reject) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        QLIK_TOKENS_HOME: home,
        QLIK_TENANT: sim.url,
        QLIK_CLIENT_ID: sim.clientId,
        QLIK_CLIENT_SECRET: sim.clientSecret,
      };
      const child = spawn(
        process.execPath,
        [CLI, '--json', 'tokens', 'revoke', '--user', user.email!, '--all', '--yes', '--watch', `${seconds}s`],
        {env, stdio: ['ignore', 'pipe', 'ignore']},
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        try {
          if (code !== 0) throw new Error(`the watch exited ${code}`);
          resolve(JSON.parse(stdout));
        } catch (error) {
          reject(error);
        }
      });
    });
    stopMinting();
    const stats = sim.stats();
    const watched = doc.outcomes.filter((o) => o.phase === 'watch');
    const minted = new Map(sim.minted().map((m) => [m.id, m]));
    const lived = watched.flatMap((o) => {
      const m = minted.get(o.tokenId);
      return m?.goneAt === undefined ? [] : [m.goneAt - m.mintedAt];
    });
    const minutes = doc.watch.durationMs / 60_000;
    // The bulk run's own requests: its listing, its re-listing, one DELETE per token, one token request.
    const bulk = doc.outcomes.filter((o) => o.phase === 'bulk').length;
    const listings = (stats.byRoute['GET /api/v1/oauth-tokens'] ?? 0) - 2;
    const deletes = (stats.byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0) - bulk;
    const note = `${seconds} s watch, a token minted every ${MINT_EVERY_MS / 1000} s, ${LATENCY_MS} ms latency`;
    return [
      {name: 'tokens minted during the watch', value: sim.minted().length, unit: '', note},
      {
        name: 'revoked while watching',
        value: watched.filter((o) => o.outcome === 'revoked').length,
        unit: '',
        note: `of ${watched.length} found; left at the end: ${doc.watch.remaining?.length ?? 'unknown'}`,
      },
      {
        name: 'requests a minute of watching',
        value: round((listings + deletes) / minutes, 1),
        unit: '/min',
        note: `${round(listings / minutes, 1)} listings (tier 1, of 1,000) + ${round(deletes / minutes, 1)} DELETEs (tier 2, of 100); ${stats.rateLimited.tier1 + stats.rateLimited.tier2} refused`,
      },
      {
        name: 'mint → revoked, median',
        value: round(median(lived) / 1000, 2),
        unit: 's',
        note: `p95 ${round(percentile(lived, 95) / 1000, 2)} s, worst ${round(Math.max(...lived) / 1000, 2)} s (listing every 3 s)`,
      },
    ];
  } finally {
    await sim.stop();
    rmSync(path.dirname(home), {recursive: true, force: true});
  }
}

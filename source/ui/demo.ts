// --demo: the TUI on an in-process simulated tenant with live activity. No credentials, no profile
// store; the audit log of demo revocations goes to a temporary directory removed at exit.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createQlikClient} from '../qlik/client.js';
import type {ClientEvent} from '../qlik/types.js';
import {demoTenant, DEMO_TENANT} from './demo-tenant.js';
import {createRevokeRunner, createWatchRunner} from './revoke-runner.js';
import {createEventHub, type RecentUser, type TuiFlags, type UiSession} from './tenant-session.js';

export type Demo = {session: UiSession; stop: () => Promise<void>};

export async function startDemo(global: TuiFlags): Promise<Demo> {
  // Loaded only for --demo: a normal start never pays for the simulator.
  const {startSimulator} = await import('../simulator/index.js');
  const sim = await startSimulator({
    ...DEMO_TENANT,
    dataset: demoTenant(),
    live: {intervalMs: 1500},
  });
  // Mallory's stolen laptop still has a live session at the identity provider: a new token every
  // 10 s, whatever is revoked. R revokes her tokens; the summary's w keeps watching and catches them.
  if (sim.featuredUser) sim.startMinting({userId: sim.featuredUser.id, everyMs: 10_000});
  const hub = createEventHub<ClientEvent>();
  const client = createQlikClient(
    {tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret},
    {onEvent: hub.emit},
  );
  const auditDir = await mkdtemp(join(tmpdir(), 'qlik-tokens-demo-'));

  // Seed "recent users" with the busiest users, so the picker has something before any typing.
  const recentUsers: RecentUser[] = [];
  for (const [id] of [...sim.tokenCounts()].sort((a, b) => b[1] - a[1])) {
    const user = id === sim.botUser.id ? undefined : sim.user(id);
    if (user) recentUsers.push({id, name: user.name, email: user.email ?? undefined});
    if (recentUsers.length === 3) break;
  }

  const session: UiSession = {
    client,
    profile: 'demo',
    tenantUrl: sim.url,
    readonly: global.readonly,
    demo: true,
    refreshSeconds: global.refresh,
    recentUsers,
    rememberUser: (user) => {
      const at = recentUsers.findIndex((r) => r.id === user.id);
      if (at >= 0) recentUsers.splice(at, 1);
      recentUsers.unshift({
        id: user.id,
        name: user.name,
        email: user.email ?? undefined,
        usedAt: new Date().toISOString(),
      });
      recentUsers.splice(10);
    },
    revoke: createRevokeRunner({client, profile: 'demo', auditFile: join(auditDir, 'audit.jsonl')}),
    watch: createWatchRunner({client, profile: 'demo', auditFile: join(auditDir, 'audit.jsonl')}),
    auditFile: join(auditDir, 'audit.jsonl'),
    subscribe: hub.subscribe,
  };
  return {
    session,
    stop: async () => {
      await client.close().catch(() => {});
      await sim.stop().catch(() => {});
      await rm(auditDir, {recursive: true, force: true}).catch(() => {});
    },
  };
}

// The UiSession a test builds on a client of a simulated tenant: the screens see what main.tsx
// would give them for a stored profile, with the audit log where the test says.
import type {ClientEvent, QlikApi} from '../../source/qlik/types.js';
import {createRevokeRunner, createWatchRunner} from '../../source/ui/revoke-runner.js';
import {createEventHub, type UiSession} from '../../source/ui/tenant-session.js';

export function simSession({
  client,
  auditFile,
  readonly = false,
  watch = false,
  revokeClient = client,
}: {
  client: QlikApi;
  auditFile: string;
  readonly?: boolean;
  /** Offer the watch after R. */
  watch?: boolean;
  /** The client revocations go through, when a test watches the screens' own calls on `client`. */
  revokeClient?: QlikApi;
}): UiSession {
  const hub = createEventHub<ClientEvent>();
  return {
    client,
    profile: 'test',
    tenantUrl: client.tenantUrl,
    readonly,
    demo: false,
    refreshSeconds: 60,
    recentUsers: [],
    revoke: createRevokeRunner({client: revokeClient, profile: 'test', auditFile}),
    ...(watch ? {watch: createWatchRunner({client: revokeClient, profile: 'test', auditFile})} : {}),
    auditFile,
    subscribe: hub.subscribe,
  };
}

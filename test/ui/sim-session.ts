// The UiSession a test builds on a client of a simulated tenant: the screens see what main.tsx
// would give them for a stored profile, with the audit log where the test says.
import type {ClientEvent, QlikApi} from '../../source/qlik/types.js';
import {createRevokeRunner} from '../../source/ui/revoke-runner.js';
import {createEventHub, type UiSession} from '../../source/ui/tenant-session.js';

export function simSession({
  client,
  auditFile,
  readonly = false,
}: {
  client: QlikApi;
  auditFile: string;
  readonly?: boolean;
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
    revoke: createRevokeRunner({client, profile: 'test', auditFile}),
    auditFile,
    subscribe: hub.subscribe,
  };
}

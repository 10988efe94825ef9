// Settling unknown outcomes: a DELETE that was sent but whose answer was never recorded (a run
// killed, a full disk) is found out by listing the tenant — a token no longer there was revoked,
// one still there was not. `qlik-tokens audit --settle` and the TUI's audit screen (s) share this.
import type {QlikApi} from '../qlik/types.js';
import {openAuditLog, unsettled, type AuditRecord} from './audit.js';

export type SettleResult = {
  /** Unknown outcomes of this tenant that the listing settled (now on disk). */
  settled: number;
  /** Of those, how many turned out revoked (no longer listed). */
  revoked: number;
  /** Unknown outcomes recorded on other tenants: settle them with that tenant's profile. */
  elsewhere: AuditRecord[];
};

/**
 * Lists the client's tenant for every unknown outcome recorded on it (per user, or the whole
 * tenant for tokens of no recorded user) and writes what it found to the audit log `file`.
 */
export async function settleUnknowns(options: {
  client: QlikApi;
  file: string;
  profile: string;
  records: readonly AuditRecord[];
  signal?: AbortSignal;
}): Promise<SettleResult> {
  const {client, file, profile, records, signal} = options;
  const tenant = client.tenantUrl;
  const open = unsettled(records, {tenant});
  const elsewhere = records.filter((r) => r.outcome === 'unknown' && !r.settled && r.tenant !== tenant);
  if (open.length === 0) return {settled: 0, revoked: 0, elsewhere};
  const present = new Set<string>();
  for (const userId of new Set(open.map((r) => r.userId))) {
    const tokens = await client.listTokens({...(userId === null ? {} : {userId}), ...(signal ? {signal} : {})});
    for (const token of tokens) present.add(token.id);
  }
  const log = await openAuditLog(file, {profile, tenant});
  try {
    await log.settle(open, present);
  } finally {
    await log.close();
  }
  return {settled: open.length, revoked: open.filter((r) => !present.has(r.tokenId)).length, elsewhere};
}

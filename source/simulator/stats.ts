// Request counters: benchmarks and tests assert request budgets (e.g. "one token request per run").

export type SimulatorStats = {
  requests: number;
  /** e.g. 'POST /oauth/token', 'GET /api/v1/oauth-tokens', 'DELETE /api/v1/oauth-tokens/{id}'. */
  byRoute: Record<string, number>;
  rateLimited: {tier1: number; tier2: number};
  faultsInjected: number;
};

export function emptyStats(): SimulatorStats {
  return {requests: 0, byRoute: {}, rateLimited: {tier1: 0, tier2: 0}, faultsInjected: 0};
}

export function copyStats(stats: SimulatorStats): SimulatorStats {
  return {...stats, byRoute: {...stats.byRoute}, rateLimited: {...stats.rateLimited}};
}

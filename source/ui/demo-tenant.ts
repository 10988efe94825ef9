// The demo's tenant. The built UI script carries it made ahead (scripts/build.mjs): a first start
// then parses 100 kB of JSON instead of drawing 300 users and the owners of 4,000 tokens before
// its first frame. Run from source (tsx), it is drawn at start, the same tenant either way.
import {snapshotDataset, type DatasetSnapshot, type SnapshotOptions} from '../simulator/dataset.js';

export const DEMO_TENANT = {
  seed: 2026,
  users: 300,
  tokens: 4000,
  clientId: 'sim-client-id',
  clientName: 'qlik-tokens demo client',
  // The walk-through's compromised user (README): type mallxory, ←←←, Backspace, Enter.
  featured: {name: 'Mallory Quinn', emailLocal: 'mallory.quinn', tokens: 57},
} as const satisfies SnapshotOptions;

/** Set by the build: JSON.stringify(makeDemoTenant()). */
declare const __QLIK_TOKENS_DEMO_TENANT__: string | undefined;

export function makeDemoTenant(): DatasetSnapshot {
  return snapshotDataset(DEMO_TENANT);
}

export function demoTenant(): DatasetSnapshot {
  return typeof __QLIK_TOKENS_DEMO_TENANT__ === 'string'
    ? (JSON.parse(__QLIK_TOKENS_DEMO_TENANT__) as DatasetSnapshot)
    : makeDemoTenant();
}

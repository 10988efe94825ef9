// How older config files become the current shape. conf runs them (its `migrations` option, keyed
// by semver = config version); the functions themselves are pure so they can be tested alone.
//
// Version 0 is the draft format of the first prototype: no `version` field, profiles as an array,
// `tenant` for the URL, `current` for the current profile, no recent users.
import type Conf from 'conf';
import {DEFAULT_SCOPE, type ConfigData, type StoredProfile} from './schema.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Why a version-0 file cannot be migrated, or undefined when it can. */
export function v0Problem(data: Json): string | undefined {
  if (!Array.isArray(data.profiles)) return 'has no "version" and no "profiles" list';
  for (const [index, entry] of data.profiles.entries()) {
    if (!isObject(entry)) return `profiles[${index}] is not an object`;
    for (const field of ['name', 'tenant', 'clientId', 'clientSecret']) {
      if (!nonEmptyString(entry[field])) return `profiles[${index}].${field} is missing`;
    }
  }
  if (data.current !== undefined && typeof data.current !== 'string') return '"current" is not a string';
  return undefined;
}

export function migrateV0ToV1(data: Json): ConfigData {
  const profiles: Record<string, StoredProfile> = {};
  for (const entry of data.profiles as Json[]) {
    profiles[entry.name as string] = {
      tenantUrl: entry.tenant as string,
      clientId: entry.clientId as string,
      clientSecret: entry.clientSecret as string,
      scope: nonEmptyString(entry.scope) ? entry.scope : DEFAULT_SCOPE,
      recentUsers: [],
    };
  }
  const current = typeof data.current === 'string' && profiles[data.current] ? data.current : undefined;
  return {version: 1, ...(current ? {currentProfile: current} : {}), profiles};
}

/** Config version of a parsed file: a missing field means the version-0 draft. */
export function configVersionOf(data: Json): number | undefined {
  if (data.version === undefined) return 0;
  return Number.isInteger(data.version) ? (data.version as number) : undefined;
}

/** conf's `migrations` option. Each step reads the whole store and writes the next shape. */
export const migrations: Record<string, (store: Conf<Record<string, unknown>>) => void> = {
  '1.0.0': (store) => {
    const {__internal__: internal, ...data} = store.store as Json;
    const next = migrateV0ToV1(data) as unknown as Json;
    store.store = internal === undefined ? next : {...next, __internal__: internal};
  },
};

// QLIK_TENANT, QLIK_CLIENT_ID and QLIK_CLIENT_SECRET override the active profile's fields, for
// scripts and CI; all three together make a run that needs no stored profile at all.

export type EnvOverrides = {tenantUrl?: string; clientId?: string; clientSecret?: string};

const VARIABLES = {tenantUrl: 'QLIK_TENANT', clientId: 'QLIK_CLIENT_ID', clientSecret: 'QLIK_CLIENT_SECRET'} as const;

/** The overrides set in `env`; an empty variable counts as unset (a CI template left blank). */
export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverrides {
  const overrides: EnvOverrides = {};
  for (const [field, variable] of Object.entries(VARIABLES) as Array<[keyof EnvOverrides, string]>) {
    const value = field === 'clientSecret' ? env[variable] : env[variable]?.trim();
    if (value !== undefined && value !== '') overrides[field] = value;
  }
  return overrides;
}

export function hasAnyOverride(overrides: EnvOverrides): boolean {
  return Object.keys(overrides).length > 0;
}

export function isCompleteOverride(overrides: EnvOverrides): overrides is Required<EnvOverrides> {
  return overrides.tenantUrl !== undefined && overrides.clientId !== undefined && overrides.clientSecret !== undefined;
}

/** Names of the variables still missing for a profile-less run. */
export function missingVariables(overrides: EnvOverrides): string[] {
  return (Object.keys(VARIABLES) as Array<keyof EnvOverrides>)
    .filter((field) => overrides[field] === undefined)
    .map((field) => VARIABLES[field]);
}

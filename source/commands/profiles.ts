// `qlik-tokens profiles list|add|edit|use|remove|test [NAME]`: the credential profiles.
// The secret comes from a masked prompt or from stdin, never from a flag, and is never printed.
import {createQlikClient} from '../qlik/client.js';
import {normalizeTenantUrl} from '../qlik/tenant-url.js';
import type {AccessToken, Credentials} from '../qlik/types.js';
import {openProfileStore, unknownProfile, type Profile, type ProfileStore} from '../profiles/store.js';
import {DEFAULT_SCOPE, isValidProfileName} from '../profiles/schema.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {testConnection, type ConnectionReport} from '../qlik/connection-test.js';
import {printFields, printTable, say, writeJson, note} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {confirm, isInteractive, promptSecret, readAllStdin} from './prompts.js';
import {reportError, rememberForErrors} from './report-error.js';
import {openSession, sealCredentials, timeoutsFromEnv} from './session.js';
import {exitOnInterrupt} from './interrupt.js';

export const PROFILES_HELP = `Usage
  qlik-tokens profiles list                       the profiles (never their secrets)
  qlik-tokens profiles add NAME --tenant URL --client-id ID [--scope S] [--readonly]
                           [--secret-stdin] [--no-test]
  qlik-tokens profiles edit NAME [--tenant URL] [--client-id ID] [--scope S]
                           [--secret-stdin | --new-secret] [--readonly | --no-readonly] [--no-test]
  qlik-tokens profiles use NAME                   make NAME the current profile
  qlik-tokens profiles remove NAME [--yes]        delete a profile (asks first on a terminal)
  qlik-tokens profiles test [NAME]                token + /users/me: who the client acts as, and
                                                  whether it can list other users' tokens

The client secret is never a flag: "add" asks for it with a masked prompt on a terminal, or reads
it from stdin with --secret-stdin (printf %s "$SECRET" | qlik-tokens profiles add ...).
"add" and "edit" test the connection before saving, unless --no-test.
The first profile added becomes the current one. --scope defaults to ${DEFAULT_SCOPE}.
With --json: list prints an array of profiles, test a report object.
`;

type Ctx = CommandContext;

function openStore(ctx: Ctx): ProfileStore {
  return openProfileStore({env: ctx.env, onWarning: (message) => ctx.stderr.write(`${message}\n`)});
}

function oneName(positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`${what} needs a profile NAME`);
  if (positionals.length > 1) throw new UsageError(`${what} takes one profile NAME`);
  return positionals[0]!;
}

/** What `profiles list --json` prints per profile: everything but the secret and the access token. */
export function publicProfile(profile: Profile, currentName: string | undefined): Record<string, unknown> {
  return {
    name: profile.name,
    current: profile.name === currentName,
    tenantUrl: profile.tenantUrl,
    clientId: profile.clientId,
    scope: profile.scope,
    readonly: profile.readonly === true,
    recentUsers: profile.recentUsers,
    accessTokenCachedUntil: profile.cachedAccessToken
      ? new Date(profile.cachedAccessToken.expiresAt).toISOString()
      : null,
  };
}

async function list(ctx: Ctx, args: string[]): Promise<number> {
  parseCommandArgs(args, {}, {positionals: false});
  const store = openStore(ctx);
  const profiles = store.list();
  const currentName = store.current()?.name;
  if (ctx.global.json) {
    writeJson(
      ctx,
      profiles.map((profile) => publicProfile(profile, currentName)),
    );
    return ExitCode.ok;
  }
  if (profiles.length === 0) {
    say(ctx, 'No profiles yet. Add one with: qlik-tokens profiles add NAME --tenant URL --client-id ID');
    return ExitCode.ok;
  }
  printTable(
    ctx,
    [
      {header: ' ', value: (p: Profile) => (p.name === currentName ? '*' : ' ')},
      {header: 'NAME', value: (p) => p.name, minWidth: 8, shrink: 1},
      {header: 'TENANT', value: (p) => p.tenantUrl, minWidth: 12, shrink: 2},
      {header: 'CLIENT ID', value: (p) => p.clientId, minWidth: 10, shrink: 2},
      {header: 'SCOPE', value: (p) => p.scope, minWidth: 5, shrink: 1},
      {header: 'MODE', value: (p) => (p.readonly ? 'read-only' : '')},
    ],
    profiles,
  );
  note(ctx, `config: ${store.path}`);
  return ExitCode.ok;
}

/** The secret for add/edit: stdin with --secret-stdin, else a masked prompt on a terminal, else a refusal. */
async function obtainSecret(ctx: Ctx, fromStdin: boolean, label: string): Promise<string> {
  let secret: string;
  if (fromStdin) {
    if (ctx.stdin.isTTY) note(ctx, 'reading the client secret from stdin (end with ctrl-d)');
    secret = await readAllStdin(ctx.stdin);
  } else if (isInteractive(ctx)) {
    secret = await promptSecret(ctx, label);
  } else {
    throw new UsageError('no terminal to ask for the client secret: pipe it in with --secret-stdin');
  }
  if (secret.trim() === '') throw new UsageError('the client secret is empty');
  rememberForErrors({secret});
  return secret;
}

function printReport(ctx: Ctx, report: ConnectionReport, profileName: string | undefined): void {
  const user = report.user;
  const fields: Array<[string, unknown]> = [
    ['profile', profileName ?? '(environment)'],
    ['tenant', report.tenantUrl],
    ['client ID', report.clientId],
    ['acts as', `${user.name} (${user.subject})`],
    ['user ID', user.id],
    ['scope', report.grantedScope ?? 'not stated by the tenant'],
    ['tokens', report.verdict],
  ];
  printFields(ctx, fields);
}

function reportJson(report: ConnectionReport, profileName: string | undefined): Record<string, unknown> {
  return {
    profile: profileName ?? null,
    tenantUrl: report.tenantUrl,
    clientId: report.clientId,
    user: {id: report.user.id, name: report.user.name, subject: report.user.subject, email: report.user.email ?? null},
    grantedScope: report.grantedScope ?? null,
    hasAdminScope: report.hasAdminScope ?? null,
    canManageOtherUsersTokens: report.canManageOthers,
    tokenAccess: report.tokenAccess,
    verdict: report.verdict,
  };
}

/** Tests credentials with a throwaway client whose access token is kept, so saving spends no second request. */
async function probe(
  credentials: Credentials,
  env: NodeJS.ProcessEnv,
): Promise<{report: ConnectionReport; token: AccessToken | undefined}> {
  let token: AccessToken | undefined;
  const release = exitOnInterrupt(process);
  const client = createQlikClient(sealCredentials(credentials), {
    ...timeoutsFromEnv(env),
    tokenCache: {
      load: () => undefined,
      save: (saved) => {
        token = saved;
      },
    },
  });
  rememberForErrors({client});
  try {
    const report = await testConnection(client);
    return {report, token};
  } finally {
    release();
    await client.close();
  }
}

async function add(ctx: Ctx, args: string[]): Promise<number> {
  const {values, positionals} = parseCommandArgs(args, {
    tenant: {type: 'string'},
    'client-id': {type: 'string'},
    scope: {type: 'string'},
    readonly: {type: 'boolean'},
    'secret-stdin': {type: 'boolean'},
    'no-test': {type: 'boolean'},
  });
  const name = oneName(positionals, 'profiles add');
  if (!isValidProfileName(name))
    throw new UsageError(`"${name}" is not a valid profile name: use letters, digits, ".", "_" and "-"`);
  if (!values.tenant) throw new UsageError('profiles add needs --tenant URL');
  if (!values['client-id']) throw new UsageError('profiles add needs --client-id ID');
  const tenantUrl = normalizeTenantUrl(values.tenant);
  const store = openStore(ctx);
  if (store.get(name))
    throw new UsageError(
      `a profile named "${name}" already exists (change it with: qlik-tokens profiles edit ${name})`,
    );

  const clientSecret = await obtainSecret(
    ctx,
    values['secret-stdin'] === true,
    `Client secret for ${values['client-id']}: `,
  );
  const credentials: Credentials = {
    tenantUrl,
    clientId: values['client-id'],
    clientSecret,
    scope: values.scope || DEFAULT_SCOPE,
  };
  rememberForErrors({tenantUrl});

  let report: ConnectionReport | undefined;
  let token: AccessToken | undefined;
  if (!values['no-test']) {
    try {
      ({report, token} = await probe(credentials, ctx.env));
    } catch (error) {
      const code = reportError(error, ctx, 'qlik-tokens profiles add');
      note(ctx, `profile "${name}" was not saved (use --no-test to save it without a connection test)`);
      return code;
    }
  }
  store.add({
    name,
    tenantUrl,
    clientId: credentials.clientId,
    clientSecret,
    scope: credentials.scope,
    // --readonly is also a global flag: the global parser takes it wherever it stands.
    readonly: values.readonly === true || ctx.global.readonly,
    // With the tenant and client it was issued for: the store keeps only the token's own fields.
    ...(token ? {cachedAccessToken: token} : {}),
  });
  const current = store.current()?.name === name;
  if (ctx.global.json) {
    writeJson(ctx, {saved: name, current, path: store.path, test: report ? reportJson(report, name) : null});
  } else {
    if (report) printReport(ctx, report, name);
    say(
      ctx,
      `saved profile "${name}"${current ? ' (current)' : `; make it current with: qlik-tokens profiles use ${name}`}`,
    );
  }
  if (report && !report.canManageOthers && report.hasAdminScope === false) note(ctx, `warning: ${report.verdict}`);
  return ExitCode.ok;
}

async function edit(ctx: Ctx, args: string[]): Promise<number> {
  const {values, positionals} = parseCommandArgs(args, {
    tenant: {type: 'string'},
    'client-id': {type: 'string'},
    scope: {type: 'string'},
    readonly: {type: 'boolean'},
    'no-readonly': {type: 'boolean'},
    'secret-stdin': {type: 'boolean'},
    'new-secret': {type: 'boolean'},
    'no-test': {type: 'boolean'},
  });
  const name = oneName(positionals, 'profiles edit');
  const readonly = values.readonly === true || ctx.global.readonly;
  if (readonly && values['no-readonly']) throw new UsageError('--readonly and --no-readonly contradict each other');
  if (values['secret-stdin'] && values['new-secret'])
    throw new UsageError('--secret-stdin and --new-secret contradict each other');
  const store = openStore(ctx);
  const profile = store.get(name);
  if (!profile)
    throw unknownProfile(
      name,
      store.list().map((p) => p.name),
    );

  const patch: {tenantUrl?: string; clientId?: string; clientSecret?: string; scope?: string; readonly?: boolean} = {};
  if (values.tenant !== undefined) patch.tenantUrl = normalizeTenantUrl(values.tenant);
  if (values['client-id'] !== undefined) {
    if (values['client-id'].trim() === '') throw new UsageError('--client-id is empty');
    patch.clientId = values['client-id'];
  }
  if (values.scope !== undefined) {
    if (values.scope.trim() === '') throw new UsageError('--scope is empty');
    patch.scope = values.scope;
  }
  if (readonly) patch.readonly = true;
  if (values['no-readonly']) patch.readonly = false;
  if (values['secret-stdin'] || values['new-secret']) {
    patch.clientSecret = await obtainSecret(
      ctx,
      values['secret-stdin'] === true,
      `New client secret for ${patch.clientId ?? profile.clientId}: `,
    );
  }
  if (Object.keys(patch).length === 0)
    throw new UsageError(
      'nothing to change: pass --tenant, --client-id, --scope, --secret-stdin, --new-secret, --readonly or --no-readonly',
    );

  const credentialsChange =
    patch.tenantUrl !== undefined ||
    patch.clientId !== undefined ||
    patch.clientSecret !== undefined ||
    patch.scope !== undefined;
  let report: ConnectionReport | undefined;
  if (credentialsChange && !values['no-test']) {
    const credentials: Credentials = {
      tenantUrl: patch.tenantUrl ?? profile.tenantUrl,
      clientId: patch.clientId ?? profile.clientId,
      clientSecret: patch.clientSecret ?? profile.clientSecret,
      scope: patch.scope ?? profile.scope,
    };
    rememberForErrors({tenantUrl: credentials.tenantUrl, secret: credentials.clientSecret});
    try {
      ({report} = await probe(credentials, ctx.env));
    } catch (error) {
      const code = reportError(error, ctx, 'qlik-tokens profiles edit');
      note(ctx, `profile "${name}" was not changed (use --no-test to save it without a connection test)`);
      return code;
    }
  }
  const updated = store.update(name, patch);
  if (ctx.global.json) {
    writeJson(ctx, {
      saved: name,
      profile: publicProfile(updated, store.current()?.name),
      test: report ? reportJson(report, name) : null,
    });
  } else {
    if (report) printReport(ctx, report, name);
    say(ctx, `updated profile "${name}"`);
  }
  return ExitCode.ok;
}

async function makeCurrent(ctx: Ctx, args: string[]): Promise<number> {
  const {positionals} = parseCommandArgs(args, {});
  const name = oneName(positionals, 'profiles use');
  const store = openStore(ctx);
  store.use(name);
  if (ctx.global.json) writeJson(ctx, {current: name});
  else say(ctx, `current profile: ${name}`);
  return ExitCode.ok;
}

async function remove(ctx: Ctx, args: string[]): Promise<number> {
  const {values, positionals} = parseCommandArgs(args, {yes: {type: 'boolean', short: 'y'}});
  const name = oneName(positionals, 'profiles remove');
  const store = openStore(ctx);
  const profile = store.get(name);
  if (!profile)
    throw unknownProfile(
      name,
      store.list().map((p) => p.name),
    );
  if (!values.yes) {
    if (!isInteractive(ctx))
      throw new UsageError(`refusing to remove profile "${name}" without --yes (no terminal to ask)`);
    const ok = await confirm(ctx, `Remove profile "${name}" (${profile.tenantUrl})?`);
    if (!ok) {
      note(ctx, 'cancelled: nothing removed');
      return ExitCode.usage;
    }
  }
  store.remove(name);
  if (ctx.global.json) writeJson(ctx, {removed: name});
  else say(ctx, `removed profile "${name}"`);
  return ExitCode.ok;
}

async function test(ctx: Ctx, args: string[]): Promise<number> {
  const {positionals} = parseCommandArgs(args, {});
  if (positionals.length > 1) throw new UsageError('profiles test takes at most one profile NAME');
  const session = openSession(ctx, positionals[0] === undefined ? {} : {profileName: positionals[0]});
  const release = exitOnInterrupt(ctx);
  try {
    const report = await testConnection(session.client);
    if (ctx.global.json) writeJson(ctx, reportJson(report, session.profileName));
    else printReport(ctx, report, session.profileName);
    if (session.overriddenBy.length > 0)
      note(ctx, `note: ${session.overriddenBy.join(', ')} from the environment replaced the profile's values`);
    // Working credentials without the rights this tool exists for are an authorisation failure.
    return report.canManageOthers ? ExitCode.ok : ExitCode.auth;
  } catch (error) {
    return reportError(error, ctx, 'qlik-tokens profiles test');
  } finally {
    release();
    await session.close();
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...args] = ctx.args;
  if (ctx.global.help || sub === 'help') {
    ctx.stdout.write(PROFILES_HELP);
    return ExitCode.ok;
  }
  switch (sub) {
    case undefined:
    case 'list':
    case 'ls':
      return list(ctx, args);
    case 'add':
      return add(ctx, args);
    case 'edit':
      return edit(ctx, args);
    case 'use':
      return makeCurrent(ctx, args);
    case 'remove':
    case 'rm':
      return remove(ctx, args);
    case 'test':
      return test(ctx, args);
    default:
      throw new UsageError(`unknown subcommand "${sub}" (expected list, add, edit, use, remove or test)`);
  }
}

// The one place where an error becomes an exit code and a sentence for a human. Commands and
// cli.tsx both come here, so `tokens list` and `tokens revoke` can never disagree on what a 403 means.
//
// With --json, stdout stays EMPTY on an error (scripts test the exit code); the message goes to
// stderr as text, like every other human text.
import {isQlikError, type QlikErrorKind} from '../qlik/errors.js';
import {ProfileStoreError} from '../profiles/errors.js';
import {safeMessage} from '../text/terminal-safe.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';

/** What every error report knows about the run: the tenant to name, the secrets to scrub. */
const reportContext: {host?: string; secrets: Set<string>} = {secrets: new Set()};

/** Called when credentials are known, so that any later report can name the host and hide the secret. */
export function rememberForErrors(details: {tenantUrl?: string; secret?: string}): void {
  if (details.tenantUrl) {
    try {
      reportContext.host = new URL(details.tenantUrl).host;
    } catch {
      reportContext.host = details.tenantUrl;
    }
  }
  // A secret of a few characters would turn every message into asterisks; real secrets are long.
  if (details.secret && details.secret.length >= 4) reportContext.secrets.add(details.secret);
}

/** Removes every known secret (and QLIK_CLIENT_SECRET) from a message, whatever produced it. */
export function scrubSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  const secrets = new Set(reportContext.secrets);
  const fromEnv = env.QLIK_CLIENT_SECRET;
  if (fromEnv && fromEnv.length >= 4) secrets.add(fromEnv);
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

export function exitCodeForKind(kind: QlikErrorKind): number {
  switch (kind) {
    case 'auth':
    case 'forbidden':
      return ExitCode.auth;
    case 'usage':
    case 'cancelled':
      return ExitCode.usage;
    default:
      return ExitCode.failure;
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof ProfileStoreError)
    return error.kind === 'corrupt' || error.kind === 'io' ? ExitCode.failure : ExitCode.usage;
  if (isQlikError(error)) return exitCodeForKind(error.kind);
  return ExitCode.failure;
}

/** A one-paragraph human explanation; never a stack trace, never a secret. */
export function describeError(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  // Messages may quote a profile name, a file's path or what a tenant sent: inert, whatever made them.
  return safeMessage(scrubSecrets(rawDescription(error), env));
}

function rawDescription(error: unknown): string {
  const host = reportContext.host ?? 'the tenant';
  if (error instanceof ProfileStoreError || error instanceof UsageError) return error.message;
  if (isQlikError(error)) {
    const detail = error.message ? `: ${error.message}` : '';
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    switch (error.kind) {
      case 'auth':
        return `authentication failed: check the client ID and secret${status}${detail}`;
      case 'forbidden':
        return (
          `forbidden${status}${detail}\n` +
          'The OAuth client is not allowed to do this. Listing or revoking other users\u2019 tokens needs an ' +
          'OAuth client with the admin_classic scope (profile scope "admin_classic").'
        );
      case 'rate-limited': {
        const wait = error.retryAfter === undefined ? 'a while' : `${Math.ceil(error.retryAfter)} s`;
        return `rate limited by ${host}: try again in ${wait}${detail}`;
      }
      case 'network':
        return `cannot reach ${host}${detail}`;
      case 'timeout':
        return `${host} did not answer in time${detail}`;
      case 'protocol':
        return `unexpected answer from ${host}${status}${detail}`;
      case 'not-found':
        return error.message || `not found${status}`;
      case 'cancelled':
        return 'cancelled';
      case 'usage':
        return error.message;
    }
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Prints the error on stderr and returns its exit code. */
export function reportError(
  error: unknown,
  ctx: Pick<CommandContext, 'stderr' | 'env'>,
  prefix = 'qlik-tokens',
): number {
  ctx.stderr.write(`${prefix}: ${describeError(error, ctx.env)}\n`);
  return exitCodeFor(error);
}

/** cli.tsx's catch-all for anything a command did not report itself. */
export function reportUnexpected(error: unknown, ctx: Pick<CommandContext, 'stderr' | 'env'>): number {
  return reportError(error, ctx);
}

// The one place where an error becomes an exit code and a sentence for a human. Commands and
// cli.tsx both come here, so `tokens list` and `tokens revoke` can never disagree on what a 403 means.
//
// With --json, stdout stays EMPTY on an error (scripts test the exit code); the message goes to
// stderr as text, like every other human text.
import {isQlikError, type QlikErrorKind} from '../qlik/errors.js';
import {createRedactor} from '../qlik/redact.js';
import {ProfileStoreError} from '../profiles/errors.js';
import {safeMessage} from '../text/terminal-safe.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';

/**
 * What every error report (and every line of output) knows about the run: the tenant to name, the
 * secrets to scrub, and the clients whose access tokens must be scrubbed too.
 */
const reportContext: {host?: string; secrets: Set<string>; clients: Set<{redact(text: string): string}>} = {
  secrets: new Set(),
  clients: new Set(),
};

/** Called when credentials are known, so that any later report can name the host and hide the secret. */
export function rememberForErrors(details: {
  tenantUrl?: string;
  secret?: string;
  client?: {redact(text: string): string};
}): void {
  if (details.client) reportContext.clients.add(details.client);
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

/**
 * A function that masks every known secret (and QLIK_CLIENT_SECRET), whole or any 8-character piece
 * of it, and every access token a client of this run has held: for messages and for output alike.
 * Prepared once for a document of many strings.
 */
export function secretScrubber(env: NodeJS.ProcessEnv = process.env): (text: string) => string {
  const secrets = new Set(reportContext.secrets);
  const fromEnv = env.QLIK_CLIENT_SECRET;
  if (fromEnv && fromEnv.length >= 4) secrets.add(fromEnv);
  const pieces = createRedactor(secrets);
  const clients = [...reportContext.clients];
  if (secrets.size === 0 && clients.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
    out = pieces(out);
    for (const client of clients) out = client.redact(out);
    return out;
  };
}

/** Removes every known secret from a message, whatever produced it (see secretScrubber). */
export function scrubSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return secretScrubber(env)(text);
}

/** Network failures in which no answer began: DNS, refused, unreachable, connect timeout, TLS handshake. */
const NO_ANSWER_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
  'EPROTO',
]);

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

/**
 * A one-paragraph human explanation; never a stack trace, never a secret. `host` names the tenant
 * when a run talks to several (--all-profiles); else the one the run remembered.
 */
export function describeError(error: unknown, env: NodeJS.ProcessEnv = process.env, host?: string): string {
  // Messages may quote a profile name, a file's path or what a tenant sent: inert, whatever made them.
  return safeMessage(scrubSecrets(rawDescription(error, host ?? reportContext.host ?? 'the tenant'), env));
}

function rawDescription(error: unknown, host: string): string {
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
        // "cannot reach" only when no answer began: an answer that broke off, or a malformed one,
        // did reach us, and saying otherwise sends the operator to check the wrong thing.
        return NO_ANSWER_CODES.has(error.code ?? '') ||
          /^(ERR_TLS_|ERR_SSL_|ERR_OSSL|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/.test(
            error.code ?? '',
          )
          ? `cannot reach ${host}${detail}`
          : `the connection to ${host} failed${detail}`;
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

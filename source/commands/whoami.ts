// `qlik-tokens whoami`: an access token and /users/me — who the OAuth client acts as.
import {ExitCode, type CommandContext} from './context.js';
import {printFields, writeJson} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {reportError} from './report-error.js';
import {openSession} from './session.js';
import {exitOnInterrupt} from './interrupt.js';

export const WHOAMI_HELP = `Usage
  qlik-tokens whoami [--profile NAME] [--json]

Shows the user the OAuth client acts as (its bot user) on the profile's tenant.
With --json: {"profile", "tenantUrl", "clientId", "user": {id, name, subject, email, status, tenantId}}.
`;

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.global.help) {
    ctx.stdout.write(WHOAMI_HELP);
    return ExitCode.ok;
  }
  parseCommandArgs(ctx.args, {}, {positionals: false});
  const session = openSession(ctx);
  const release = exitOnInterrupt(ctx);
  try {
    const user = await session.client.whoami();
    if (ctx.global.json) {
      writeJson(ctx, {
        profile: session.profileName ?? null,
        tenantUrl: session.client.tenantUrl,
        clientId: session.client.clientId,
        user: {
          id: user.id,
          name: user.name,
          subject: user.subject,
          email: user.email ?? null,
          status: user.status ?? null,
          tenantId: user.tenantId,
        },
      });
    } else {
      printFields(ctx, [
        ['profile', session.profileName ?? '(environment)'],
        ['tenant', session.client.tenantUrl],
        ['client ID', session.client.clientId],
        ['name', user.name],
        ['subject', user.subject],
        ['user ID', user.id],
        ...(user.email ? [['email', user.email] as [string, unknown]] : []),
        ...(session.readonly ? [['mode', 'read-only'] as [string, unknown]] : []),
      ]);
    }
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, ctx, 'qlik-tokens whoami');
  } finally {
    release();
    await session.close();
  }
}

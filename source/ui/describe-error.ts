// The one place where the UI turns an error kind into words for the operator.
import {isQlikError} from '../qlik/errors.js';
import {safeText} from '../text/terminal-safe.js';

export function describeError(error: unknown): string {
  if (!isQlikError(error)) return safeText(error instanceof Error ? error.message : String(error));
  const detail = safeText(error.message);
  const status = error.status ? ` (HTTP ${error.status})` : '';
  switch (error.kind) {
    case 'auth':
      return `Authentication failed: ${detail}`;
    case 'forbidden':
      return `Not allowed${status}: the OAuth client needs the admin_classic scope (TenantAdmin). ${detail}`;
    case 'not-found':
      return `Not found${status}. ${detail}`;
    case 'rate-limited':
      return `Rate limited by the tenant${error.retryAfter ? `, retry in ${error.retryAfter}s` : ''}. ${detail}`;
    case 'network':
      return `Cannot reach the tenant: ${detail}`;
    case 'timeout':
      return `The tenant did not answer in time: ${detail}`;
    case 'protocol':
      return `Unexpected answer from the tenant${status}: ${detail}`;
    case 'usage':
      return detail;
    case 'cancelled':
      return 'Cancelled.';
  }
}

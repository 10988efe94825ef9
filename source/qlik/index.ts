// The public surface of source/qlik: the client, its types and errors, and the pure helpers
// other layers need (URL normalisation, SCIM values, tier classification).
export {createQlikClient, QlikClient} from './client.js';
export {QlikError, isQlikError, type QlikErrorKind, type QlikErrorInit} from './errors.js';
export {normalizeTenantUrl, isLoopbackHost, tenantHost} from './tenant-url.js';
export {scimString, userSearchFilter} from './scim.js';
export {tierOf} from './rate-gate.js';
export {parseRetryAfter} from './error-body.js';
export {DEFAULT_SCOPE} from './access-token.js';
export type * from './types.js';

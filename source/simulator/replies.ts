// What a route hands back to the server: a status, headers and a body, built here so every error
// carries Qlik's shape ({"errors":[{code,title,detail,status}],"traceId"}).
import {randomBytes} from 'node:crypto';

export type Reply = {status: number; headers: Record<string, string>; body: string};

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: {'content-type': 'application/json; charset=utf-8', ...headers},
    body: JSON.stringify(value),
  };
}

export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return {status, headers, body: ''};
}

export function qlikError(
  status: number,
  code: string,
  title: string,
  detail?: string,
  headers: Record<string, string> = {},
): Reply {
  const error: Record<string, unknown> = {code, title};
  if (detail !== undefined) error.detail = detail;
  error.status = status;
  return jsonReply(status, {errors: [error], traceId: randomBytes(16).toString('hex')}, headers);
}

export function unauthorized(detail = 'Invalid or expired access token.'): Reply {
  return qlikError(401, 'HTTP-401', 'Unauthorized', detail, {'www-authenticate': 'Bearer'});
}

export function badRequest(detail: string, code = 'HTTP-400'): Reply {
  return qlikError(400, code, 'Bad Request', detail);
}

/** Byte for byte the body Qlik Cloud sends with a 429 (it has no status and no traceId). */
export function rateLimited(retryAfterSeconds: number): Reply {
  return jsonReply(
    429,
    {
      errors: [
        {
          code: 'HTTP-429',
          title: 'API rate limit reached.',
          detail: `You need to wait ${retryAfterSeconds} seconds until limit is lifted.`,
        },
      ],
    },
    {'retry-after': String(retryAfterSeconds)},
  );
}

/** The page a reverse proxy (nginx in front of Qlik's services) serves when a backend fails. */
export function proxyHtml(status: 502 | 500 | 503): Reply {
  const titles = {500: '500 Internal Server Error', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable'};
  const title = titles[status];
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return {status, headers: {'content-type': 'text/html'}, body};
}

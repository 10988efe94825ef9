// The two pieces of undici the client uses — a connection-pooling Agent and `request` — imported
// from their own modules. undici's index also loads fetch, WebSocket, EventSource, the cache, the
// cookie parser and the mocks at import: 1 MB of code and about 40 ms of every start, for nothing
// this tool calls.
import type {Agent as AgentType, Dispatcher} from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import apiRequest from 'undici/lib/api/api-request.js';

export const Agent: typeof AgentType = AgentClass;
export type Agent = AgentType;
export type {Dispatcher};

export type RequestOptions = {
  dispatcher: Dispatcher;
  method: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
};

/** undici's `request(url, {dispatcher, ...})`, as its index builds it (`makeDispatcher`). */
export function request(url: string | URL, {dispatcher, ...options}: RequestOptions): Promise<Dispatcher.ResponseData> {
  const target = typeof url === 'string' ? new URL(url) : url;
  return apiRequest.call(dispatcher, {
    ...options,
    origin: target.origin,
    path: target.search ? `${target.pathname}${target.search}` : target.pathname,
  });
}

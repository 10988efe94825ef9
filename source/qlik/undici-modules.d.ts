// undici ships types for its index only; these are the two modules source/qlik/http.ts imports.
declare module 'undici/lib/dispatcher/agent.js' {
  import type {Agent} from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}
declare module 'undici/lib/api/api-request.js' {
  import type {Dispatcher} from 'undici';
  function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  export default request;
}

// A client whose every call carries options chosen for it (a caller's stop signal, a retry
// scope), so code handed the client need not thread them through each call.
import type { CallOptions, QuadernoClient } from './client-types';

/** `client` with each call's options replaced by `on(options the call was given)`. */
export function withCallOptions(
  client: QuadernoClient,
  on: (call?: CallOptions) => CallOptions,
): QuadernoClient {
  return {
    apiUrl: client.apiUrl,
    ping: (call) => client.ping(on(call)),
    authorization: (call) => client.authorization(on(call)),
    listItems: (onUnreadable, call) => client.listItems(onUnreadable, on(call)),
    createSession: (input, call) => client.createSession(input, on(call)),
    getSession: (id, call) => client.getSession(id, on(call)),
    updateSession: (id, input, call) => client.updateSession(id, input, on(call)),
    deleteSession: (id, call) => client.deleteSession(id, on(call)),
    listSessionsPage: (q, call) => client.listSessionsPage(q, on(call)),
    listSessions: (q, onUnreadable, call) => client.listSessions(q, onUnreadable, on(call)),
    createWebhook: (input, call) => client.createWebhook(input, on(call)),
    listWebhooks: (call) => client.listWebhooks(on(call)),
    getWebhook: (id, call) => client.getWebhook(id, on(call)),
    updateWebhook: (id, input, call) => client.updateWebhook(id, input, on(call)),
    deleteWebhook: (id, call) => client.deleteWebhook(id, on(call)),
  };
}

// A delivery the receiver's writer stores with no business key (deduped by its body alone), for
// the writer's and processing's tests: `n` makes each body, so each event, distinct.
import type { NewEvent } from '../../main/store';

export function keylessEvent(accountId: number, n: number): NewEvent {
  return {
    accountId,
    body: JSON.stringify({ n }),
    headers: {},
    eventType: null,
    sessionId: null,
    businessKey: null,
  };
}

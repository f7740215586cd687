// Counts the API calls one sync run makes, for the run record and the rate-limit budget.
import type { QuadernoClient } from '../quaderno';

export function countingClient(client: QuadernoClient): {
  client: Pick<QuadernoClient, 'listSessionsPage' | 'getSession'>;
  calls(): number;
} {
  let calls = 0;
  return {
    client: {
      listSessionsPage: (q) => {
        calls += 1;
        return client.listSessionsPage(q);
      },
      getSession: (id) => {
        calls += 1;
        return client.getSession(id);
      },
    },
    calls: () => calls,
  };
}

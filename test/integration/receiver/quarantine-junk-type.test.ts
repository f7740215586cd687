// A body that names an event type but does not read as a Quaderno event (no data object) is
// junk: quarantined without its type, so it counts against the junk's own limit and never
// pushes out events that may be real (store/quarantine.ts).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { send, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-junk-type-');

const storedRow = z.object({ body: z.string(), event_type: z.string().nullable() });

describe('the receiver quarantining junk', () => {
  it('stores an unsigned body that names a type but has no data without its type, and a readable one with it', async () => {
    const rig = await startRig(tmp);
    const junk = JSON.stringify({ event_type: 'checkout.succeeded' });
    const readable = succeededBody({ session: 4100 });
    for (const body of [junk, readable]) {
      const answer = await send(rig.url, { headers: { 'Content-Type': 'application/json' }, body });
      expect(answer.status).toBe(200);
    }
    const rows = withRawDb(rig.store.file, (db) =>
      z
        .array(storedRow)
        .parse(
          db
            .prepare(
              "SELECT body, event_type FROM webhook_events WHERE verification = 'invalid' ORDER BY id",
            )
            .all(),
        ),
    );
    expect(rows).toEqual([
      { body: junk, event_type: null },
      { body: readable, event_type: 'checkout.succeeded' },
    ]);
  });
});

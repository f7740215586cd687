import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SANDBOX_PROFILES } from './profile';

// The persisted shape doubles as the in-memory model, so a state file that no
// longer parses is detected at load instead of failing deep inside a handler.
const nullableString = z.string().nullable();

export const itemRecordSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  description: nullableString,
  unit_cost: z.string(),
  currency: z.string(),
  tax_class: z.string(),
  kind: z.enum(['one_off', 'subscription']),
  stock: z.number().int().nullable(),
  created_at: z.string(),
});

export const sessionItemSchema = z.object({
  product: z.string(),
  amount: z.number(),
  currency: z.string(),
  name: z.string(),
  description: nullableString,
  quantity: z.number().int(),
});

export const customerSchema = z.object({
  first_name: nullableString,
  last_name: nullableString,
  email: nullableString,
  company: nullableString,
  business_number: nullableString,
  tax_id: nullableString,
  contact: z.union([z.number(), z.string()]).nullable(),
  billing_street_line_1: nullableString,
  billing_street_line_2: nullableString,
  billing_city: nullableString,
  billing_postal_code: nullableString,
  billing_country: nullableString,
});

export const sessionStatuses = [
  'pending',
  'processing',
  'completed',
  'failed',
  'abandoned',
] as const;

export const sessionRecordSchema = z.object({
  id: z.number().int(),
  token: z.string(),
  status: z.enum(sessionStatuses),
  success_url: z.string(),
  cancel_url: z.string(),
  billing_details_collection: z.enum(['auto', 'required']),
  coupon_collection: z.boolean(),
  payment_methods: z.array(z.string()),
  locale: z.string(),
  customer: customerSchema,
  items: z.array(sessionItemSchema),
  custom: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
  // Simulated processor + contact identities, fixed at the first event so a
  // retried or repeated event names the same customer and charge.
  contact_id: z.number().int().nullable(),
  processor_customer: nullableString,
  processor_transaction: nullableString,
  // Last time the customer or the API touched the session (observed profile's 30-minute
  // abandonment). Optional so state files written before it still load.
  active_at: z.string().optional(),
});

export const webhookRecordSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  auth_key: z.string(),
  events_types: z.array(z.string()),
  last_sent_at: nullableString,
  last_error: nullableString,
  events_sent: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const sandboxStateSchema = z.object({
  version: z.literal(1),
  apiKey: z.string(),
  publishableKey: z.string(),
  accountName: z.string(),
  // Kept with the demo so a restart imitates the same Quaderno; absent in older files.
  profile: z.enum(SANDBOX_PROFILES).optional(),
  identityId: z.number().int(),
  nextId: z.object({
    item: z.number().int(),
    session: z.number().int(),
    webhook: z.number().int(),
    contact: z.number().int(),
  }),
  items: z.array(itemRecordSchema),
  sessions: z.array(sessionRecordSchema),
  webhooks: z.array(webhookRecordSchema),
});

export type ItemRecord = z.infer<typeof itemRecordSchema>;
export type SessionItem = z.infer<typeof sessionItemSchema>;
export type Customer = z.infer<typeof customerSchema>;
export type SessionStatus = (typeof sessionStatuses)[number];
export type SessionRecord = z.infer<typeof sessionRecordSchema>;
export type WebhookRecord = z.infer<typeof webhookRecordSchema>;
export type SandboxState = z.infer<typeof sandboxStateSchema>;

/** Reads a state file; a missing file is a fresh start, a broken one is an error the caller reports. */
export function loadState(file: string): SandboxState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = sandboxStateSchema.safeParse(json);
  if (!parsed.success) {
    // Read by the app's sandbox and by `checkout-console sandbox`: the advice suits both.
    throw new Error(
      `The sandbox state file ${file} is damaged. Delete it to start that sandbox afresh (a new key, no links), or give \`checkout-console sandbox --state\` another file.`,
    );
  }
  return parsed.data;
}

/** The folder the state file goes in; the temp file beside it. */
function prepareFolder(file: string): string {
  // One level only: Node 20's recursive mkdir loops forever under /proc. The file holds the
  // sandbox key and demo customers' emails, so it is this user's alone.
  try {
    mkdirSync(dirname(file), { mode: 0o700 });
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) {
      throw new Error(
        `The folder for the sandbox state file ${file} cannot be created: ${String(e)}`,
      );
    }
  }
  return `${file}.${process.pid}.tmp`;
}

const stateText = (state: SandboxState): string => JSON.stringify(state, null, 2);

/** Temp file + rename, so a crash mid-write never leaves a half-written demo behind. */
export function writeStateAtomically(file: string, state: SandboxState): void {
  const temp = prepareFolder(file);
  writeFileSync(temp, stateText(state), { mode: 0o600 });
  renameSync(temp, file);
}

/** writeStateAtomically off the event loop: the text is taken now, the disk works meanwhile. */
async function writeStateInBackground(file: string, state: SandboxState): Promise<void> {
  const text = stateText(state);
  const temp = prepareFolder(file);
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, file);
}

export interface StatePersister {
  changed(): void;
  /** Writes now if anything changed since the last write (after `settled`, at close). */
  flush(): void;
  /** Resolves once the background writes on their way have landed. */
  settled(): Promise<void>;
}

/** Debounced writer: a burst of API calls costs one write, and close() flushes what is left. */
export function createPersister(
  file: string | undefined,
  state: SandboxState,
  debounceMs = 50,
): StatePersister {
  let timer: NodeJS.Timeout | null = null;
  // Starts dirty so a fresh sandbox writes its key at once.
  let dirty = true;
  // One background write after another, so an older state never lands on a newer one.
  let writing = Promise.resolve();
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!file || !dirty) return;
    writeStateAtomically(file, state);
    dirty = false;
  };
  return {
    changed() {
      dirty = true;
      if (!file || timer) return;
      // In the background: written in the loop, its open and rename took milliseconds on a busy
      // disk, right when the next webhook was due to leave (the console's sandbox is in-process).
      timer = setTimeout(() => {
        timer = null;
        dirty = false;
        writing = writing
          .then(() => writeStateInBackground(file, state))
          .catch(() => {
            // A failed background write must not take the sandbox down; close() retries.
            dirty = true;
          });
      }, debounceMs);
      timer.unref();
    },
    flush,
    settled: () => writing,
  };
}

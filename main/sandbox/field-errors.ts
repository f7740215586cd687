import type { z } from 'zod';

/**
 * Field names in 422 bodies: dots for objects and brackets for array
 * positions, e.g. `customer.email`, `items[0].product`. Top-level fields keep
 * their plain name (`success_url`).
 */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? 'base' : out;
}

export type FieldErrors = Record<string, string[]>;

export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) addFieldError(errors, fieldName(issue.path), issue.message);
  return errors;
}

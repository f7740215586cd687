// What a delivery email may say, zod-free so the page's rule editor and template checks need no
// schema library (issue 16, first paint); contract-delivery.ts re-exports it.

/** Placeholders a delivery email's subject and body may use (main/delivery/template.ts fills them). */
export const DELIVERY_PLACEHOLDERS = [
  'customerName',
  'firstName',
  'customerEmail',
  'product',
  'amount',
  'sessionId',
  'downloadLink',
  'licenceKey',
] as const;
export type DeliveryPlaceholder = (typeof DELIVERY_PLACEHOLDERS)[number];

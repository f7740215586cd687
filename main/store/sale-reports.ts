// What the reports of a sale said beyond its row, read with it for the export.
import { z } from 'zod';
import type { Fulfillment } from '../../preload/contract-live';

/**
 * What the reports of a sale said beyond its row, for the export: the reporting event's `iat`
 * and contact country (untrusted JSON, as found) and the link's billing country.
 */
export interface SaleReport {
  iat: string | number | null;
  eventCountry: string | null;
  linkCountry: string | null;
}

export interface ReportedFulfillment extends Fulfillment {
  reported: SaleReport;
}

// Read in the same statement as the sale rather than one event and one session lookup per
// sale, which took longer than reading the sales. Only JSON.parse-able bodies count, and only
// a number or a string iat and a string country, as the export's own reading of the body did.
const eventValue = (path: string, types: string) => `(SELECT CASE WHEN json_valid(e.body)
    AND json_type(e.body, '${path}') IN (${types}) THEN json_extract(e.body, '${path}') END
  FROM webhook_events e
  WHERE e.account_id = fulfillments.account_id AND e.id = fulfillments.event_id)`;

export const REPORT_COLUMNS = `
  ${eventValue('$.data.object.transaction_details.iat', "'integer', 'real', 'text'")} AS report_iat,
  ${eventValue('$.data.object.contact.country', "'text'")} AS report_country,
  (SELECT s.customer_country FROM sessions s
    WHERE s.account_id = fulfillments.account_id AND s.id = fulfillments.session_id) AS link_country`;

const reportRow = z.object({
  report_iat: z.union([z.string(), z.number()]).nullable(),
  report_country: z.string().nullable(),
  link_country: z.string().nullable(),
});

export function reportOf(raw: unknown): SaleReport {
  const r = reportRow.parse(raw);
  return { iat: r.report_iat, eventCountry: r.report_country, linkCountry: r.link_country };
}

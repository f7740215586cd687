// The sales screen's data (the fulfilment desk): sales and their totals and chart, the activity
// log, event detail and reprocessing, CSV export. Reads through the store's repos; the receiver
// and sync own every write to the sales.
export { toCsv, csvField, csvLine, type CsvCell } from './csv';
export { BOM, exportCsv, exportFiles, type CsvExport, type ExportWhat } from './export';
export { holdHeapNearLive } from './export-heap';
export { saveExport, writeWholeFile, type ExportRequest, type SavePart } from './export-save';
export { taxSplit, type ExportSale } from './export-sales';
export { countUndelivered, listFulfillments, type FulfillmentFilter } from './fulfillment-rows';
export {
  createFulfillmentHandlers,
  type FulfillmentDeps,
  type FulfillmentHandlers,
} from './fulfillment-handlers';
export {
  createSalesHandlers,
  type ReprocessOutcome,
  type SalesDeps,
  type SalesHandlers,
  type SalesStore,
  type SaveFile,
} from './handlers';
export { minorToDecimal } from './money';
export { salesChart, salesTotals } from './totals';
export { dayBounds, daySummary, localDay, type DayQuery } from './summary';
export { listActivity } from './activity';
export {
  checkoutAbandonedLine,
  checkoutFailedLine,
  customerWords,
  deliveryLine,
  linkLine,
  salePaidLine,
  saleUpdatedLine,
  type CheckoutWords,
} from './activity-words';

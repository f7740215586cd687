// The steps of the connection check in the order it reports them, written out here (not read
// from main/doctor) so that a step dropped or moved fails the library and the CLI tests alike.
export const DOCTOR_STEPS = [
  'ping',
  'authorization',
  'items',
  'sessions',
  'webhook',
  'signature',
  'clock',
];

// The store's default clock: ISO timestamps for created_at / updated_at. One definition, so a
// repo built without a clock and openStore without `now` stamp rows alike (tests pass their own).
export const systemNow = (): string => new Date().toISOString();

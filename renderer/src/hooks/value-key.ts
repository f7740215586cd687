// Hooks compare plain-data inputs by value (callers may pass literals) by keeping them as JSON
// in their dependency lists. The key carries its value's type, so the value read back from it
// is typed here, once, rather than cast at each use.
declare const valueType: unique symbol;

/** The JSON text of a plain-data value of type T. */
export type ValueKey<T> = string & { readonly [valueType]: T };

export function keyOf<T>(value: T): ValueKey<T> {
  return JSON.stringify(value) as ValueKey<T>;
}

/** The value a key was made from (a copy). */
export function valueOf<T>(key: ValueKey<T>): T {
  const value: T = JSON.parse(key);
  return value;
}

/**
 * Closed sets of codes written once, as a table keyed by code (labels, or a row of facts a code):
 * the list of codes is the table's keys, in the order written, so no second list repeats them.
 */

/** The codes of a non-empty table, in the order written (string keys keep it); a tuple, as z.enum wants. */
export function codesOf<K extends string>(table: Readonly<Record<K, unknown>>): readonly [K, ...K[]] {
  const [first, ...rest] = Object.keys(table) as K[];
  if (first === undefined) throw new Error('codesOf: the table has no codes');
  return [first, ...rest];
}

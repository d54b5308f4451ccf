/** SQL that may precede a value; a placeholder anywhere else (a table or column name) would change the query. */
const VALUE_CONTEXTS = ['=', '<', '>', ' LIKE', ' ILIKE', ' LIMIT', ' OFFSET'];

/** True when a placeholder placed right after `sqlBefore` stands for a value, as bound parameters must. */
export function isValuePosition(sqlBefore: string): boolean {
  const end = sqlBefore.trimEnd().toUpperCase();
  return VALUE_CONTEXTS.some((context) => end.endsWith(context));
}

/** Graph items as the component emits them. */

export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A Graph item as emitted: its `@odata.*` annotations are transport detail, not data. */
export function withoutODataKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith('@')));
}

/** Graph items as the component emits them. */

export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * What the user sees of an item: everything but its version stamps (changeKey, lastModifiedDateTime) and annotations.
 * Exchange gives events a new lastModifiedDateTime and changeKey about once a day without any edit
 * (microsoft-graph-docs-contrib#2856), and Graph offers nothing else that tells an edit from such a change.
 */
export function visibleState(item: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith('@') && key !== 'changeKey' && key !== 'lastModifiedDateTime'));
}

/** A Graph item as emitted: its `@odata.*` annotations are transport detail, not data. */
export function withoutODataKeys(item: Record<string, unknown>): Record<string, unknown> {
  // A plain loop: this runs for every item a trigger emits, and fromEntries(entries().filter()) cost ~5 µs an item.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (key.charCodeAt(0) !== 64 /* @ */) out[key] = item[key];
  return out;
}

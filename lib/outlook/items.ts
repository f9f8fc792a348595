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
  // This runs for every item a trigger emits. A rest copy without the one annotation most items carry is V8's
  // builtin copy (about 2 µs less an item in `npm run bench` than a loop of assignments, which also treated a key
  // named __proto__ as the prototype); other annotations, rare, are then left out one by one.
  const { '@odata.etag': _etag, ...rest } = item;
  for (const key of Object.keys(rest)) if (key.charCodeAt(0) === 64 /* @ */) return copyWithout(rest);
  return rest;
}

function copyWithout(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) if (key.charCodeAt(0) !== 64) Object.defineProperty(out, key, { value: item[key], enumerable: true, writable: true, configurable: true });
  return out;
}

/** Paging over Graph collections: nextLink followed verbatim, deltaLink handed back on the last page. */
import type { GraphClient, GraphRequest } from './GraphClient';

export interface Page<T> {
  items: T[];
  /** The URL of the next page, when there is one: a caller may persist it to resume. */
  nextLink?: string;
  /** Present on the last page of a delta round. */
  deltaLink?: string;
  /** 1-based page number within this iteration. */
  number: number;
  /**
   * Bytes of the page's JSON. An item re-serialised takes no more than its part of them (JSON.stringify drops the
   * whitespace and writes no escape the source did not have), so no item of the page is larger than the page.
   */
  bytes?: number;
}

interface CollectionBody<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * Yields each page of a collection. The first request is `first`; later ones are the nextLinks exactly as
 * Graph returned them (their query options are never rebuilt), sent with the same extra headers.
 */
export async function* pages<T>(client: GraphClient, first: GraphRequest): AsyncGenerator<Page<T>, void, undefined> {
  let request: GraphRequest = { ...first, method: 'GET' };
  for (let number = 1; ; number += 1) {
    const { data, bytes } = await client.request<CollectionBody<T>>(request);
    const body = data ?? {};
    const page: Page<T> = {
      items: Array.isArray(body.value) ? body.value : [],
      nextLink: body['@odata.nextLink'],
      deltaLink: body['@odata.deltaLink'],
      number,
      bytes,
    };
    yield page;
    if (!page.nextLink) return;
    // Host pinning happens in client.resolve(): a foreign nextLink throws before the token is attached.
    request = { method: 'GET', url: page.nextLink, headers: first.headers, timeoutMs: first.timeoutMs };
  }
}

/** Yields the items of every page; stop iterating to stop fetching. */
export async function* items<T>(client: GraphClient, first: GraphRequest): AsyncGenerator<T, void, undefined> {
  for await (const page of pages<T>(client, first)) yield* page.items;
}

/** The `$filter` of Get Events' criteria: built from quoted literals and checked by the filter parser before it is sent. */
import { literal } from '../../graph/odata';
import { FilterSpec, FilterSyntaxError, canonicalFilter } from '../../graph/odataFilter';
import { ConfigurationError } from '../errors';

/** What the filters of Get Events may name: every clause is checked against it before it is sent. */
const EVENT_FILTER: FilterSpec = {
  what: 'Get Events filters',
  properties: ['subject', 'organizer/emailAddress/address', 'showAs', 'sensitivity'],
  collections: { categories: [''] },
};

export interface EventCriteria { subjectContains?: string; organizer?: string; categories?: readonly string[]; showAs?: string; sensitivity?: string }

/** The `$filter` of the criteria (every value quoted by literal(), the whole checked by canonicalFilter), or undefined. */
export function eventFilter(c: EventCriteria): string | undefined {
  const any = c.categories?.length ? c.categories.map((name) => `categories/any(c:c eq ${literal(name)})`).join(' or ') : undefined;
  const clauses = [
    c.subjectContains && `contains(subject,${literal(c.subjectContains)})`,
    c.organizer && `organizer/emailAddress/address eq ${literal(c.organizer)}`,
    any && (c.categories && c.categories.length > 1 ? `(${any})` : any),
    c.showAs && `showAs eq ${literal(c.showAs)}`,
    c.sensitivity && `sensitivity eq ${literal(c.sensitivity)}`,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
  if (clauses.length === 0) return undefined;
  try {
    return canonicalFilter(clauses.join(' and '), EVENT_FILTER);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new ConfigurationError(EVENT_FILTER.what, err.problem);
    throw err;
  }
}

import assert from 'node:assert/strict';
import { FilterSyntaxError, canonicalFilter } from '../../lib/graph/odataFilter';
import { messageFilterSpec } from '../../lib/outlook/mail/query';

const spec = messageFilterSpec('OData Filter (filter)');

describe('graph/odataFilter: a user\'s $filter, parsed and written out again', () => {
  const accepted: Array<[string, string]> = [
    ["isRead eq false and importance eq 'high'", "isRead eq false and importance eq 'high'"],
    ["  Subject   EQ   'Let''s talk' ", "subject eq 'Let''s talk'"],
    ["contains(subject, 'invoice') or startswith(from/emailAddress/address,'ann')", "contains(subject,'invoice') or startswith(from/emailAddress/address,'ann')"],
    ["categories/any(c: c eq 'Red category')", "categories/any(c:c eq 'Red category')"],
    ['receivedDateTime ge 2026-11-01T08:00:00+01:00', 'receivedDateTime ge 2026-11-01T07:00:00Z'],
    ["not (flag/flagStatus eq 'flagged')", "not (flag/flagStatus eq 'flagged')"],
    ['hasAttachments eq true and (isRead eq false or isDraft eq true)', 'hasAttachments eq true and (isRead eq false or isDraft eq true)'],
  ];
  for (const [input, canonical] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${JSON.stringify(canonical)}`, () => assert.equal(canonicalFilter(input, spec), canonical));
  }

  const refused: Array<[string, RegExp]> = [
    ["subject eq 'x' &$select=id", /unexpected "&"/],
    ["subject eq 'unterminated", /no closing quote/],
    ["subject eq 'x') or (1 eq 1", /unexpected "\)"/],
    ['subject eq "x"', /unexpected """/],
    ["toRecipients/any(r: r/emailAddress/address eq 'a@b.c')", /any\(\) is allowed only on categories/],
    ["categories/any(c: startswith(c, 'Re'))", /cannot be used inside any\(\)/],
    ["password eq 'x'", /"password" is not a property/],
    ['isRead has true', /a comparison .* expected/],
    ['isRead eq', /ends where a value was expected/],
    ['receivedDateTime ge 2026-02-30T00:00:00Z', /not an ISO 8601 date-time/],
    ["tolower(subject) eq 'x'", /"tolower" is not a property/],
    ['', /is empty/],
    [`${'('.repeat(20)}isRead eq true${')'.repeat(20)}`, /nests deeper/],
    [`subject eq '${'x'.repeat(2100)}'`, /longer than 2000/],
  ];
  for (const [input, problem] of refused) {
    it(`refuses ${JSON.stringify(input.slice(0, 60))}, saying why`, () => {
      assert.throws(() => canonicalFilter(input, spec), (err: unknown) => err instanceof FilterSyntaxError
        && err.what === 'OData Filter (filter)' && problem.test(err.problem));
    });
  }

  it('cannot be made to close a string early: every quote of a value is doubled again on the way out', () => {
    const out = canonicalFilter("subject eq 'a'' or true or subject eq ''b'", spec);
    assert.equal(out, "subject eq 'a'' or true or subject eq ''b'");
    // Outside the literal there is one comparison: the quotes inside it come in pairs only.
    assert.deepEqual(out.match(/'+/g)?.map((run) => run.length % 2), [1, 0, 0, 1]);
  });
});

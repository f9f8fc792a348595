import assert from 'node:assert/strict';
import { earliest, explainEmptySuggestions, viewStatus, worst } from '../../../lib/outlook/calendar/schedule';

describe('outlook/calendar', () => {
  it('reads availabilityView digits as the most blocking status', () => {
    const table: Array<[string, string]> = [
      ['000', 'free'], ['0400', 'workingElsewhere'], ['0140', 'tentative'], ['0210', 'busy'], ['2300', 'oof'], ['', 'unknown'], ['0?0', 'unknown'], ['2?', 'busy'],
    ];
    for (const [view, status] of table) assert.equal(viewStatus(view), status, view);
    assert.equal(worst([]), 'free');
  });

  it('picks the earliest suggestion whatever the order Graph used', () => {
    const s = (start?: string) => ({ meetingTimeSlot: start ? { start: { dateTime: start, timeZone: 'UTC' } } : undefined });
    assert.equal(earliest([s('2026-12-02T09:00:00'), s(), s('2026-12-01T15:00:00')])?.meetingTimeSlot?.start?.dateTime, '2026-12-01T15:00:00');
    assert.equal(earliest([s()]), undefined);
  });

  it('explains every documented emptySuggestionsReason', () => {
    for (const reason of ['attendeesUnavailable', 'attendeesUnavailableOrUnknown', 'locationsUnavailable', 'organizerUnavailable', 'unknown', undefined]) {
      assert.match(explainEmptySuggestions(reason), /^No free slot found: [A-Za-z]/);
    }
    assert.match(explainEmptySuggestions('somethingNew'), /"somethingNew"/);
  });
});

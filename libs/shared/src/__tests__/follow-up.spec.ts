import { followUpNext, followUpOverdue } from '../follow-up/follow-up';

describe('follow-up rules (opinions and requests upward)', () => {
  it('moves open → assigned → answered → closed and reopens to assigned or open', () => {
    expect(followUpNext('OPEN', 'assign')).toEqual({ to: 'ASSIGNED' });
    expect(followUpNext('ASSIGNED', 'answer')).toEqual({ to: 'ANSWERED' });
    expect(followUpNext('OPEN', 'answer')).toEqual({ to: 'ANSWERED' });
    expect(followUpNext('ANSWERED', 'close')).toEqual({ to: 'CLOSED' });
    expect(followUpNext('CLOSED', 'reopen', true)).toEqual({ to: 'ASSIGNED' });
    expect(followUpNext('CLOSED', 'reopen', false)).toEqual({ to: 'OPEN' });
  });

  it('refuses what does not apply: anything but reopening a closed one, closing before an answer, reassigning an answered one', () => {
    expect(followUpNext('CLOSED', 'answer')).toEqual({ refused: 'CLOSED' });
    expect(followUpNext('CLOSED', 'assign')).toEqual({ refused: 'CLOSED' });
    expect(followUpNext('CLOSED', 'close')).toEqual({ refused: 'CLOSED' });
    expect(followUpNext('ASSIGNED', 'close')).toEqual({ refused: 'WRONG_STATUS' });
    expect(followUpNext('ANSWERED', 'assign')).toEqual({ refused: 'WRONG_STATUS' });
    expect(followUpNext('OPEN', 'reopen')).toEqual({ refused: 'WRONG_STATUS' });
  });

  it('is overdue only while pending after the due day', () => {
    expect(followUpOverdue('OPEN', '2026-01-01', '2026-01-02')).toBe(true);
    expect(followUpOverdue('ASSIGNED', '2026-01-02', '2026-01-02')).toBe(false);
    expect(followUpOverdue('ANSWERED', '2026-01-01', '2026-01-02')).toBe(false);
    expect(followUpOverdue('OPEN', null, '2026-01-02')).toBe(false);
  });
});

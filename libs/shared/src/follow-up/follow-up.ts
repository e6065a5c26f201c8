/**
 * The follow-up rules shared by opinions (意见建议, libs/visit) and requests upward (请示,
 * libs/notice): open → assigned → answered → closed; a closed one may be reopened (to assigned
 * when it has an assignee, else open); overdue while open or assigned past its due day. Pure:
 * each library maps a refusal to its own error and keeps its own history.
 */
export type FollowUpStatus = 'OPEN' | 'ASSIGNED' | 'ANSWERED' | 'CLOSED';
export type FollowUpStep = 'assign' | 'answer' | 'close' | 'reopen';
/** CLOSED: the item is closed (nothing but reopening applies); WRONG_STATUS: the step does not apply to its status. */
export type FollowUpRefusal = 'CLOSED' | 'WRONG_STATUS';

export type FollowUpOutcome = { to: FollowUpStatus; refused?: undefined } | { refused: FollowUpRefusal; to?: undefined };

export function followUpNext(status: FollowUpStatus, step: FollowUpStep, hasAssignee = false): FollowUpOutcome {
  switch (step) {
    case 'assign':
      if (status === 'CLOSED') return { refused: 'CLOSED' };
      if (status === 'ANSWERED') return { refused: 'WRONG_STATUS' };
      return { to: 'ASSIGNED' };
    case 'answer':
      if (status === 'CLOSED') return { refused: 'CLOSED' };
      return { to: 'ANSWERED' };
    case 'close':
      if (status === 'CLOSED') return { refused: 'CLOSED' };
      if (status !== 'ANSWERED') return { refused: 'WRONG_STATUS' };
      return { to: 'CLOSED' };
    case 'reopen':
      if (status !== 'CLOSED') return { refused: 'WRONG_STATUS' };
      return { to: hasAssignee ? 'ASSIGNED' : 'OPEN' };
  }
}

/** Still waiting for an answer (open or assigned). */
export function followUpPending(status: FollowUpStatus): boolean {
  return status === 'OPEN' || status === 'ASSIGNED';
}

/** Overdue: still pending after its due day (`today` and `dueOn` as YYYY-MM-DD). */
export function followUpOverdue(status: FollowUpStatus, dueOn: string | null, today: string): boolean {
  return !!dueOn && dueOn < today && followUpPending(status);
}

/** The same rule in SQL over a row with `status` and `due_on` (matches the overdue partial indexes). */
export function followUpOverdueSql(alias: string): string {
  return `${alias}.status IN ('OPEN', 'ASSIGNED') AND ${alias}.due_on < CURRENT_DATE`;
}

import { MemberErrors } from '../exceptions/member.errors';

function pg(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint };
}

/** Where the fields of the failed write sit in the caller's input. */
export interface MemberErrorContext {
  idNumberField?: string;
  creditCodeField?: string;
  membershipField?: string;
  enterpriseField?: string;
}

/**
 * The database has the final word on uniqueness (services check first to give a better message,
 * but two requests can race past a check). Turns what it refused into an error a client can act
 * on; returns the original error when it is not one of these.
 */
export function translateMemberError(error: unknown, ctx: MemberErrorContext = {}): unknown {
  const { code, constraint } = pg(error);
  if (code === '23505' && constraint === 'ux_member_id_number') {
    return MemberErrors.ID_NUMBER_TAKEN({}, { field: ctx.idNumberField ?? 'input.idNumber' });
  }
  if (code === '23505' && constraint === 'ux_enterprise_credit_code') {
    return MemberErrors.CREDIT_CODE_TAKEN({}, { field: ctx.creditCodeField ?? 'input.creditCode' });
  }
  if (code === '23505' && constraint === 'ux_chamber_membership_current') {
    return MemberErrors.ALREADY_MEMBER({}, { field: ctx.membershipField ?? 'input.membership.chamberId' });
  }
  if (code === '23505' && constraint === 'ux_member_enterprise') {
    return MemberErrors.ENTERPRISE_ALREADY_LINKED({}, { field: ctx.enterpriseField ?? 'input.link.enterpriseId' });
  }
  if (code === '23514' && constraint === 'ck_chamber_membership_dates') {
    return MemberErrors.LEFT_BEFORE_JOINED({}, { field: 'input.leftOn' });
  }
  return error;
}

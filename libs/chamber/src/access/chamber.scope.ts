import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeRefusal, ScopeSql } from '@crm/auth';
import { localized } from '@crm/shared';
import { ChamberErrors } from '../exceptions/chamber.errors';

/** Roles that read every chamber (chamber data is not personal). */
const READ_ALL: readonly Role[] = [Role.Admin, Role.Viewer, Role.CountyOfficer, Role.PartyOfficer, Role.ProjectOfficial];

/** What the chamber rule needs of a chamber in memory. */
export interface ChamberScopeRow {
  id: string;
  ancestorIds: string[];
}

/**
 * Chambers: everyone reads every chamber (chamber data is not personal) except a secretariat,
 * which reads its own chamber and the chambers below it; admins change any chamber, a
 * secretariat its subtree, nobody else any. Other rules build on "the chambers a caller keeps"
 * (the write rule), as the member rule does for secretaries.
 */
@Injectable()
export class ChamberScope implements RowScope<ChamberScopeRow> {
  readonly entity = 'Chamber' as const;
  readonly table = 'chamber';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.ChamberSecretary) return this.subtree(caller, q);
    return READ_ALL.includes(caller.role) ? ALL_ROWS : NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.ChamberSecretary) return this.subtree(caller, q);
    return NO_ROWS;
  }

  check(caller: Caller, chamber: ChamberScopeRow, mode: 'read' | 'write'): ScopeRefusal | null {
    if (caller.role === Role.Admin) return null;
    if (caller.role === Role.ChamberSecretary) {
      const inside = !!caller.chamberId && (chamber.id === caller.chamberId || chamber.ancestorIds.includes(caller.chamberId));
      return inside
        ? null
        : { field: 'chamberId', reason: ChamberErrors.OUTSIDE_SCOPE.reason, ...ChamberErrors.OUTSIDE_SCOPE.messages({ chamber: localized('The chamber', '该商会') }) };
    }
    return mode === 'read' && READ_ALL.includes(caller.role) ? null : { field: 'chamberId', reason: ChamberErrors.CHANGED_BY_SECRETARIAT.reason, ...ChamberErrors.CHANGED_BY_SECRETARIAT.messages() };
  }

  private subtree(caller: Caller, q: ScopeSql): RowFilter {
    if (!caller.chamberId) return NO_ROWS;
    const me = q.param(caller.chamberId);
    return q.filter(`(${q.col('id')} = ${me} OR ${q.col('ancestor_ids')} @> ARRAY[${me}]::uuid[])`);
  }
}

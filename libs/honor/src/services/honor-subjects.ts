import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, Caller, Role } from '@crm/auth';
import { ChamberEntity, ChamberStatus } from '@crm/chamber';
import { EnterpriseEntity, MemberEntity, MemberStatus } from '@crm/member';
import { localized } from '@crm/shared';
import { HonorSubjectKind } from '../entities/honor.enums';
import { HonorErrors, subjectKindText } from '../exceptions/honor.errors';

/** A subject as the honour rules need it. */
export interface HonorSubject {
  kind: HonorSubjectKind;
  id: string;
  name: string;
  /** A member's hometown county. */
  countyCode: string | null;
  /** A chamber subject's own id (credited in roll-ups). */
  chamberId: string | null;
}

/**
 * Finds the member, chamber or enterprise an honour names, through the owning libraries'
 * entities, and decides whether the caller may put it forward: members and chambers within the
 * caller's write scope (the access service's rules), enterprises by the office only.
 */
@Injectable()
export class HonorSubjects {
  constructor(private readonly access: AccessService) {}

  async find(em: EntityManager, kind: HonorSubjectKind, id: string, field: string): Promise<HonorSubject> {
    const unknown = () => HonorErrors.UNKNOWN_SUBJECT({ kind: subjectKindText(kind), id }, { field });
    if (kind === HonorSubjectKind.Member) {
      const m = await em.findOne(MemberEntity, { where: { id }, select: { id: true, name: true, hometownCode: true, status: true } });
      if (!m || m.status === MemberStatus.Merged) throw unknown();
      return { kind, id, name: m.name, countyCode: m.hometownCode, chamberId: null };
    }
    if (kind === HonorSubjectKind.Chamber) {
      const c = await em.findOne(ChamberEntity, { where: { id }, select: { id: true, name: true, status: true, ancestorIds: true } });
      if (!c || c.status === ChamberStatus.Merged || c.status === ChamberStatus.Dissolved) throw unknown();
      return { kind, id, name: c.name, countyCode: null, chamberId: c.id };
    }
    const e = await em.findOne(EnterpriseEntity, { where: { id }, select: { id: true, name: true } });
    if (!e) throw unknown();
    return { kind, id, name: e.name, countyCode: null, chamberId: null };
  }

  /** Refuses a subject the caller may not put forward (SUBJECT_OUTSIDE_SCOPE, naming no one). */
  async assertNominable(em: EntityManager, caller: Caller, subject: HonorSubject, field: string): Promise<void> {
    if (caller.role === Role.Admin) return;
    const label = localized(`This ${subject.kind.toLowerCase()}`, `该${subjectKindText(subject.kind).zh}`);
    if (subject.kind === HonorSubjectKind.Enterprise) throw HonorErrors.OFFICE_NOMINATES_ENTERPRISES({}, { field });
    const entity = subject.kind === HonorSubjectKind.Member ? 'Member' : 'Chamber';
    if (!(await this.access.passes(em, entity, 'write', caller, subject.id))) throw HonorErrors.SUBJECT_OUTSIDE_SCOPE({ subject: label }, { field });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { maskIdNumber, maskPhone, requestLoader } from '@crm/shared';
import { MemberDto } from '../dtos/member.dto';

export type PersonalField = 'idNumber' | 'phones' | 'birthDate';

/**
 * The one place personal data (PIPL) leaves the server. Callers without the personal-data
 * permission get masks; callers with it get clear values, and every member whose data went out
 * in clear is audited (`member.personalDataRead`: who, which member, which fields, when).
 *
 * The audit rows of one request are written by one statement (a request-scoped batch), before
 * the values are returned: if the audit cannot be written, the field fails and nothing leaks.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  masked(caller: Caller): boolean {
    return !this.access.seesPersonalData(caller);
  }

  async idNumber(req: object, caller: Caller, member: MemberDto): Promise<string | null> {
    const value = member.personal.idNumber;
    if (!value) return null;
    if (this.masked(caller)) return maskIdNumber(value);
    await this.recordRead(req, member.id, 'idNumber');
    return value;
  }

  async phones(req: object, caller: Caller, member: MemberDto): Promise<string[]> {
    const values = member.personal.phones;
    if (!values.length) return [];
    if (this.masked(caller)) return values.map((p) => maskPhone(p) ?? '');
    await this.recordRead(req, member.id, 'phones');
    return values;
  }

  /**
   * The full birth date: null for callers who get masks. With it, a masked ID number
   * (330***********1234) and the hometown give the whole number back (the hidden characters are
   * the birth date and three region digits), so it is personal data like the number itself.
   */
  async birthDate(req: object, caller: Caller, member: MemberDto): Promise<string | null> {
    const value = member.personal.birthDate;
    if (!value || this.masked(caller)) return null;
    await this.recordRead(req, member.id, 'birthDate');
    return value;
  }

  /** Queues the audit row for this member and field; one INSERT for the whole request. */
  private recordRead(req: object, memberId: string, field: PersonalField): Promise<void> {
    return requestLoader<string, void>(req, 'member.personalDataRead', async (keys) => {
      const fieldsByMember = new Map<string, Set<string>>();
      for (const key of keys) {
        const [id, f] = key.split('|') as [string, string];
        let set = fieldsByMember.get(id);
        if (!set) fieldsByMember.set(id, (set = new Set()));
        set.add(f);
      }
      const records: AuditRecord[] = [...fieldsByMember].map(([id, fields]) => ({
        operation: 'member.personalDataRead',
        entityType: 'Member',
        entityId: id,
        metadata: { fields: [...fields].sort() },
      }));
      await this.audit.recordMany(this.dataSource.manager, records);
      return keys.map(() => undefined);
    }).load(`${memberId}|${field}`);
  }
}

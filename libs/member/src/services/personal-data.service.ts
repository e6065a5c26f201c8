import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { maskIdNumber, maskPhone, requestLoader } from '@crm/shared';
import { MemberDto } from '../dtos/member.dto';

export type PersonalField = 'idNumber' | 'phones' | 'birthDate';

/** The record whose personal data is read: its entity type (the audit's) and id. */
export interface PersonalDataSubject {
  entityType: string;
  id: string;
}

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
    return this.idNumberOf(req, caller, { entityType: 'Member', id: member.id }, member.personal.idNumber);
  }

  async phones(req: object, caller: Caller, member: MemberDto): Promise<string[]> {
    return this.phonesOf(req, caller, { entityType: 'Member', id: member.id }, member.personal.phones);
  }

  /**
   * An ID number of any record that holds one (a member, or another library's person such as a
   * party member): masked for `masked` callers (by default those without the personal-data
   * permission; a library may mask more), otherwise in clear with an audited read of `subject`.
   */
  async idNumberOf(req: object, caller: Caller, subject: PersonalDataSubject, value: string | null, masked = this.masked(caller)): Promise<string | null> {
    if (!value) return null;
    if (masked) return maskIdNumber(value);
    await this.recordRead(req, subject, 'idNumber');
    return value;
  }

  /** Phones of any record that holds them, as idNumberOf. */
  async phonesOf(req: object, caller: Caller, subject: PersonalDataSubject, values: string[], masked = this.masked(caller)): Promise<string[]> {
    if (!values.length) return [];
    if (masked) return values.map((p) => maskPhone(p) ?? '');
    await this.recordRead(req, subject, 'phones');
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
    await this.recordRead(req, { entityType: 'Member', id: member.id }, 'birthDate');
    return value;
  }

  /**
   * Queues the audit row for this record and field; one INSERT for the whole request. The
   * operation is `<entity>.personalDataRead` (`member.personalDataRead`, `partyMember.personalDataRead`).
   */
  private recordRead(req: object, subject: PersonalDataSubject, field: PersonalField): Promise<void> {
    return requestLoader<string, void>(req, 'member.personalDataRead', async (keys) => {
      const fieldsByRecord = new Map<string, Set<string>>();
      for (const key of keys) {
        const [type, id, f] = key.split('|') as [string, string, string];
        let set = fieldsByRecord.get(`${type}|${id}`);
        if (!set) fieldsByRecord.set(`${type}|${id}`, (set = new Set()));
        set.add(f);
      }
      const records: AuditRecord[] = [...fieldsByRecord].map(([record, fields]) => {
        const [type, id] = record.split('|') as [string, string];
        return {
          operation: `${type[0].toLowerCase()}${type.slice(1)}.personalDataRead`,
          entityType: type,
          entityId: id,
          metadata: { fields: [...fields].sort() },
        };
      });
      await this.audit.recordMany(this.dataSource.manager, records);
      return keys.map(() => undefined);
    }).load(`${subject.entityType}|${subject.id}|${field}`);
  }
}

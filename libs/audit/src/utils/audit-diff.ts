import { PERSONAL_FIELD_MASKS, SECRET_FIELDS } from '@crm/shared';
import { AuditFieldChange } from '../entities/audit-event.entity';

export type AuditSnapshot = Record<string, unknown> | null | undefined;

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

function present(field: string, value: unknown): unknown {
  const v = normalise(value);
  if (v === null) return null;
  if (SECRET_FIELDS.has(field)) return '[secret]';
  const mask = PERSONAL_FIELD_MASKS[field];
  if (mask && typeof v === 'string') return mask(v);
  if (mask && Array.isArray(v)) return v.map((item) => (typeof item === 'string' ? mask(item) : item));
  return v;
}

/**
 * Field-by-field difference between two snapshots of an entity. Secrets become `[secret]`
 * (a change is still visible, its value never is) and personal data is masked, so the audit
 * trail itself holds no personal information in clear.
 */
export function auditDiff(before: AuditSnapshot, after: AuditSnapshot): AuditFieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: AuditFieldChange[] = [];
  for (const field of [...fields].sort()) {
    const b = normalise(before?.[field]);
    const a = normalise(after?.[field]);
    // Most fields of most events are equal scalars (or both empty): no need to serialise them.
    if (a === b || JSON.stringify(b) === JSON.stringify(a)) continue;
    changes.push({ field, before: present(field, b), after: present(field, a) });
  }
  return changes;
}

import { defineErrors } from '@crm/shared';

/**
 * The audit library refuses nothing of its own: its one query's filters are checked by the
 * argument classes (class-validator, generic Chinese messages) and writes happen inside the
 * caller's transaction. The catalogue names its entity for the generic NOT_FOUND message and is
 * where its reasons go when it gets some.
 */
export const AuditErrors = defineErrors('audit', {}, { entities: { AuditEvent: '审计记录' } });

import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AuditEventEntity } from '../entities/audit-event.entity';

@ObjectType('AuditChange', { description: 'One field before and after; values are JSON text, masked where personal.' })
export class AuditChangeDto {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true, description: 'JSON of the value before the change; null if there was none.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the value after the change; null if there is none.' })
  after!: string | null;
}

@ObjectType('AuditEvent', { description: 'An append-only record of a change, a sign-in, or a read of personal data.' })
export class AuditEventDto {
  @Field(() => ID)
  id!: string;

  @Field()
  occurredAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The user who acted; null for the system or an unknown caller.' })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorEmail!: string | null;

  @Field(() => String, { nullable: true })
  actorRole!: string | null;

  @Field({ description: 'USER (a person) or API_KEY (an integration: actorId is the key, actorEmail its `api-key:<prefix>` label).' })
  actorKind!: string;

  @Field({ description: '`<entity>.<verb>`, e.g. `user.create`, `auth.login`, `auth.loginFailed`.' })
  operation!: string;

  @Field()
  entityType!: string;

  @Field(() => String, { nullable: true })
  entityId!: string | null;

  @Field(() => [AuditChangeDto])
  changes!: AuditChangeDto[];

  @Field(() => String, { nullable: true, description: 'JSON with operation-specific details.' })
  metadata!: string | null;

  @Field(() => String, { nullable: true, description: 'The request id, as in the server logs.' })
  requestId!: string | null;

  static from(this: void, e: AuditEventEntity): AuditEventDto {
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    return {
      id: e.id,
      occurredAt: e.occurredAt,
      actorId: e.actorId,
      actorEmail: e.actorEmail,
      actorRole: e.actorRole,
      actorKind: e.actorKind,
      operation: e.operation,
      entityType: e.entityType,
      entityId: e.entityId,
      changes: e.changes.map((c) => ({ field: c.field, before: json(c.before), after: json(c.after) })),
      metadata: json(e.metadata),
      requestId: e.requestId,
    };
  }
}

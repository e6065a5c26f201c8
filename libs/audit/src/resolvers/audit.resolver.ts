import { Args, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionResult } from '@crm/shared';
import { AuditEventConnection, AuditEventsArgs } from '../dtos/args/audit-events.args';
import { AuditEventDto } from '../dtos/audit-event.dto';
import { AuditService } from '../services/audit.service';

@Resolver(() => AuditEventDto)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventConnection, { description: 'The audit trail, newest first, filtered by entity, actor, operation and time range.' })
  @RequirePermission(Permission.AuditRead)
  auditEvents(@CurrentUser() caller: Caller, @Args() args: AuditEventsArgs): Promise<ConnectionResult<AuditEventDto>> {
    return this.audit.list(caller, args);
  }
}

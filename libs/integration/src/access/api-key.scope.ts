import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope } from '@crm/auth';

/** API keys: the office's (admins) alone; a key never reads keys, itself included. */
@Injectable()
export class ApiKeyScope implements RowScope {
  readonly entity = 'ApiKey' as const;
  readonly table = 'api_key';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller): RowFilter {
    return caller.role === Role.Admin && !caller.apiKeyId ? ALL_ROWS : NO_ROWS;
  }

  write(caller: Caller): RowFilter {
    return this.read(caller);
  }
}

import { Injectable } from '@nestjs/common';
import { AccessService } from '@crm/auth';
import { ImportJobScope } from '@crm/exchange';

/** Member imports: admins reach all of them; anyone else the imports they uploaded. */
@Injectable()
export class MemberImportScope extends ImportJobScope {
  constructor(access: AccessService) {
    super(access, 'MemberImport', 'member_import');
  }
}

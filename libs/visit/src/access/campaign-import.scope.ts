import { Injectable } from '@nestjs/common';
import { AccessService } from '@crm/auth';
import { ImportJobScope } from '@crm/exchange';

/**
 * Campaign list imports: admins reach all of them; anyone else the imports they uploaded (only
 * admins hold CAMPAIGN_MANAGE, which every route and job requires, so in practice: admins).
 */
@Injectable()
export class CampaignImportScope extends ImportJobScope {
  constructor(access: AccessService) {
    super(access, 'CampaignImport', 'campaign_import');
  }
}

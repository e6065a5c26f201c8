import { registerEnumType } from '@nestjs/graphql';
import { enumValues } from '@crm/shared';

export enum InvestmentStage {
  Lead = 'LEAD',
  Signed = 'SIGNED',
  Started = 'STARTED',
  InProduction = 'IN_PRODUCTION',
  Stalled = 'STALLED',
  Cancelled = 'CANCELLED',
}

/** The line a project normally follows; STALLED and CANCELLED leave it. */
export const STAGE_LINE: readonly InvestmentStage[] = [InvestmentStage.Lead, InvestmentStage.Signed, InvestmentStage.Started, InvestmentStage.InProduction];
export const STAGE_ZH: Record<InvestmentStage, string> = { LEAD: '洽谈', SIGNED: '签约', STARTED: '开工', IN_PRODUCTION: '投产', STALLED: '停滞', CANCELLED: '终止' };

export enum KeyLevel {
  City = 'CITY',
  County = 'COUNTY',
}
export const KEY_LEVEL_ZH: Record<string, string> = { CITY: '市重点', COUNTY: '县重点', NONE: '非重点' };

export enum FundingSource {
  OutOfProvince = 'OUT_OF_PROVINCE',
  InProvince = 'IN_PROVINCE',
  Foreign = 'FOREIGN',
}

export enum ProjectOfficialRole {
  LiaisonLeader = 'LIAISON_LEADER',
  ServiceOfficer = 'SERVICE_OFFICER',
}

export enum ProjectIssueCategory {
  Land = 'LAND',
  Approval = 'APPROVAL',
  Finance = 'FINANCE',
  Infrastructure = 'INFRASTRUCTURE',
  Labour = 'LABOUR',
  Other = 'OTHER',
}

export enum ProjectIssueStatus {
  Open = 'OPEN',
  Resolved = 'RESOLVED',
}

export enum ComplaintStatus {
  Recorded = 'RECORDED',
  Assigned = 'ASSIGNED',
  Handled = 'HANDLED',
  Closed = 'CLOSED',
}

export enum TargetUnitKind {
  City = 'CITY',
  County = 'COUNTY',
  Chamber = 'CHAMBER',
}

/** The GraphQL enums (values as stored: OUT_OF_PROVINCE, not OutOfProvince). */
export const InvestmentStageGql = enumValues(InvestmentStage);
export const KeyLevelGql = enumValues(KeyLevel);
export const FundingSourceGql = enumValues(FundingSource);
export const ProjectOfficialRoleGql = enumValues(ProjectOfficialRole);
export const ProjectIssueCategoryGql = enumValues(ProjectIssueCategory);
export const ProjectIssueStatusGql = enumValues(ProjectIssueStatus);
export const ComplaintStatusGql = enumValues(ComplaintStatus);
export const TargetUnitKindGql = enumValues(TargetUnitKind);

registerEnumType(InvestmentStageGql, { name: 'InvestmentStage', description: 'LEAD 洽谈 → SIGNED 签约 → STARTED 开工 → IN_PRODUCTION 投产; STALLED 停滞, CANCELLED 终止.' });
registerEnumType(KeyLevelGql, { name: 'InvestmentKeyLevel', description: 'A city (市重点) or county (县重点) key project.' });
registerEnumType(FundingSourceGql, { name: 'FundingSource', description: 'Where funds in place come from: out of province 省外, in province 省内, foreign 境外.' });
registerEnumType(ProjectOfficialRoleGql, { name: 'ProjectOfficialRole', description: 'LIAISON_LEADER 联系领导 (city or county level, by the official), SERVICE_OFFICER 服务员.' });
registerEnumType(ProjectIssueCategoryGql, { name: 'ProjectIssueCategory' });
registerEnumType(ProjectIssueStatusGql, { name: 'ProjectIssueStatus' });
registerEnumType(ComplaintStatusGql, { name: 'ComplaintStatus', description: 'RECORDED → ASSIGNED → HANDLED → CLOSED (with a result).' });
registerEnumType(TargetUnitKindGql, { name: 'TargetUnitKind' });

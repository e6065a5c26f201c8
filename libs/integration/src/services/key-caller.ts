import { Caller, Role } from '@crm/auth';
import { ApiKeyScope } from '../entities/api-key.entity';
import { permissionsOfScopes } from './api-key.service';

/** What a key's caller is built from (its row). */
export interface KeyCallerRow {
  id: string;
  prefix: string;
  scopes: ApiKeyScope[];
  chamberId: string | null;
  countyCode: string | null;
}

/**
 * The caller a key acts as: exactly its scopes' permissions, and the row scope of its
 * restriction through the people's rules — a chamber subtree (the secretariat's rule), a county
 * (the county office's), or none (the office-wide viewer's).
 */
export function callerOfKey(row: KeyCallerRow): Caller {
  return {
    id: row.id,
    email: `api-key:${row.prefix}`,
    role: row.chamberId ? Role.ChamberSecretary : row.countyCode ? Role.CountyOfficer : Role.Viewer,
    countyCode: row.countyCode,
    chamberId: row.chamberId,
    partyCommitteeId: null,
    officialId: null,
    permissions: permissionsOfScopes(row.scopes),
    apiKeyId: row.id,
  };
}

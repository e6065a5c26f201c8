export enum ChamberLevel {
  National = 'NATIONAL',
  Provincial = 'PROVINCIAL',
  Prefecture = 'PREFECTURE',
  County = 'COUNTY',
}

/** Rank of a level: a parent has a lower rank than its children. */
export const LEVEL_RANK: Readonly<Record<ChamberLevel, number>> = {
  [ChamberLevel.National]: 0,
  [ChamberLevel.Provincial]: 1,
  [ChamberLevel.Prefecture]: 2,
  [ChamberLevel.County]: 3,
};

export enum ChamberKind {
  Regional = 'REGIONAL',
  Industry = 'INDUSTRY',
  Youth = 'YOUTH',
}

export enum ChamberStatus {
  Preparing = 'PREPARING',
  Active = 'ACTIVE',
  Merged = 'MERGED',
  Dissolved = 'DISSOLVED',
}

export enum ChamberEventType {
  Founded = 'FOUNDED',
  Converted = 'CONVERTED',
  MergedInto = 'MERGED_INTO',
  Absorbed = 'ABSORBED',
  Allied = 'ALLIED',
  DualBranded = 'DUAL_BRANDED',
  ReElected = 'RE_ELECTED',
  Dissolved = 'DISSOLVED',
}

export enum PositionType {
  HonoraryPresident = 'HONORARY_PRESIDENT',
  President = 'PRESIDENT',
  ExecutiveVicePresident = 'EXECUTIVE_VICE_PRESIDENT',
  VicePresident = 'VICE_PRESIDENT',
  SecretaryGeneral = 'SECRETARY_GENERAL',
  DeputySecretaryGeneral = 'DEPUTY_SECRETARY_GENERAL',
  SupervisorChair = 'SUPERVISOR_CHAIR',
  Supervisor = 'SUPERVISOR',
  Director = 'DIRECTOR',
}

/** Positions a term has at most one of. */
export const SINGLE_HOLDER_POSITIONS: readonly PositionType[] = [PositionType.President, PositionType.SecretaryGeneral, PositionType.SupervisorChair];

export enum GuildHallStatus {
  Planned = 'PLANNED',
  UnderConstruction = 'UNDER_CONSTRUCTION',
  BasicallyComplete = 'BASICALLY_COMPLETE',
  Complete = 'COMPLETE',
}

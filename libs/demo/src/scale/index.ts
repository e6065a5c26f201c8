export * from './scale-seed';
export { CHAMBER_NETWORK_THRESHOLD, DEMO_COMPATIBLE_CHAMBERS, DEMO_LED_CHAMBER_NAMES, shortRegionName } from './chambers';
export { Rng, Weighted } from './random';
export { seedPartyScale, resetPartyScale, SCALE_PARTY_MEMBER_OPERATION } from './party-scale';
export * from './visits';
export { HONOURS_SCALE_PREFIX, resetHonoursScale, seedHonoursScale } from './honours';
export type { HonoursScaleOptions, HonoursScaleSummary } from './honours';
export { SCALE_PROJECT_PREFIX, seedScaleInvestment } from './investment';
export type { ScaleInvestmentOptions, ScaleInvestmentSummary } from './investment';

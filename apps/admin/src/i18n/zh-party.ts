/** Chinese for the enum values the party pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */
export const PARTY_ENUM_ZH: Record<string, Record<string, string>> = {};

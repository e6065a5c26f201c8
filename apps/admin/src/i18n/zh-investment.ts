/** Chinese for the enum values the investment pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */
export const INVESTMENT_ENUM_ZH: Record<string, Record<string, string>> = {};

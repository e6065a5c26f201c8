/** Chinese for the enum values the office pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */
export const OFFICE_ENUM_ZH: Record<string, Record<string, string>> = {};

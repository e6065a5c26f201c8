/** Chinese for the enum values the flow pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */
export const FLOW_ENUM_ZH: Record<string, Record<string, string>> = {};

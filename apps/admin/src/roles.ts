/**
 * Which roles the API lets reach a page's data (libs/auth/src/role-permissions.ts), so the UI
 * does not offer a page the API would refuse. The API still decides: these only shape menus.
 */
/** MemberRead: the member list, member pages, 首页's member charts. */
export const MEMBER_READERS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'VIEWER'];
/** MemberImport / MemberExport: 导入导出. */
export const MEMBER_IMPORTERS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY'];

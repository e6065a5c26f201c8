import type { SpreadsheetFormat } from '@crm/spreadsheet';

export const SPREADSHEET_CONTENT_TYPES: Readonly<Record<SpreadsheetFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** RFC 5987 encoding (encodeURIComponent leaves ' ( ) * as they are). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 6266: the Chinese name for clients that read filename*, an ASCII one for the rest. */
export function attachmentDisposition(asciiName: string, fileName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

import { zhDate } from '../../i18n/zh';

/** Shared by the party, visit/opinion and honour pages (kept in this area, not in the shared files). */

/** Today in Beijing as YYYY-MM-DD. */
export function todayIso(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The quarter a date falls in, and the quarters a user may pick (this one and the seven before). */
export function quarterOf(d: Date): { year: number; quarter: number } {
  return { year: d.getFullYear(), quarter: Math.floor(d.getMonth() / 3) + 1 };
}
export function quarterChoices(): { value: string; label: string }[] {
  let { year, quarter } = quarterOf(new Date());
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < 8; i++) {
    out.push({ value: `${year}-${quarter}`, label: `${year}年第${quarter}季度` });
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return out;
}

/** Roles holding the API's feedback:raise (提出意见建议), feedback:handle (rating) and honor:nominate. The API still decides. */
export const RAISERS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY'];
export const HANDLERS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'PROJECT_OFFICIAL'];
export const NOMINATORS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY'];

export const STATUS_COLOR: Record<string, string> = { OPEN: 'orange', ASSIGNED: 'blue', ANSWERED: 'cyan', CLOSED: 'green' };

/** Who raised an opinion: the member, the chamber, or the visit it came from. */
export function raiserOf(o: { raisedByMember?: { name: string } | null; raisedByChamber?: { name: string } | null; visit?: { visitedOn: string } | null }): string {
  if (o.raisedByMember) return o.raisedByMember.name;
  if (o.raisedByChamber) return o.raisedByChamber.name;
  if (o.visit) return `${zhDate(o.visit.visitedOn)}走访`;
  return '—';
}

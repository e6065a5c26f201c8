/** Masks an 18-character national ID number: first 3 and last 4 characters stay (`330***********1234`). */
export function maskIdNumber(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** Masks a phone number: first 3 and last 4 digits stay (`138****1234`). */
export function maskPhone(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** Masks a birth date to its year (`1968-**-**`): with it, a masked ID number would give the whole number. */
export function maskBirthDate(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  return `${value.slice(0, 4)}-**-**`;
}

/** Fields whose values never appear in clear in audit diffs or logs. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['passwordHash', 'password', 'tokenHash', 'refreshToken']);

/** Personal-data fields (PIPL) and how each is masked in audit diffs. */
export const PERSONAL_FIELD_MASKS: Readonly<Record<string, (v: string) => string | null>> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  phones: maskPhone,
  birthDate: maskBirthDate,
  mobile: maskPhone,
};

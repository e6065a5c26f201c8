import { Result } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/** What a role outside the page's audience sees, by URL or when the API refuses (FORBIDDEN). */
export function Forbidden({ what }: { what: string }) {
  return (
    <div data-testid="forbidden">
      <Result status="403" title="无权访问" subTitle={`您的账号无权查看${what}。`} />
    </div>
  );
}

/**
 * Field errors of a refused form, by the API's paths (`input.email`, `input.scope.chamberId`),
 * onto the antd form's fields of the same path; true when any landed. `known` lists the form's
 * fields (dotted); an error for a path the form has not is left to the caller to show.
 */
export function showFieldErrors(form: FormInstance, error: ApiError, known: readonly string[]): boolean {
  const fields = Object.entries(error.fieldErrors)
    .map(([path, message]) => ({ path: path.replace(/^input\./, ''), errors: [message] }))
    .filter((f) => known.includes(f.path))
    .map((f) => ({ name: f.path.split('.'), errors: f.errors }));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

/** The field errors `showFieldErrors` could not place, with the first error's message when none. */
export function otherErrors(error: ApiError, known: readonly string[]): string | undefined {
  const rest = Object.entries(error.fieldErrors).filter(([path]) => !known.includes(path.replace(/^input\./, '')));
  if (rest.length) return rest.map(([, m]) => m).join('；');
  return Object.keys(error.fieldErrors).length ? undefined : error.messageZh;
}

/** A Decimal scalar as the API sends it (a string; gql.tada types custom scalars as unknown). */
export function dec(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '0' : String(value);
}
export function decOrNull(value: unknown): string | null {
  return value == null ? null : dec(value);
}

import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client';

/**
 * Puts a refused form's field errors beside its fields, by the API's paths: `input.dueOn` beside
 * `dueOn`, `input.scope.chamberId` beside `scope.chamberId`, `input.scopes.0` beside `scopes`.
 * `known` lists the form's fields (dotted). Answers what no field shows, so the page can show it
 * above the buttons (never hidden): the messages of the paths the form has no field for, or the
 * error's own message when it names no field.
 */
export function showFieldErrors(form: FormInstance, error: ApiError, known: readonly string[]): string | undefined {
  const placed: { name: string[]; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const dotted = path.replace(/^input\./, '');
    const name = known.includes(dotted) ? dotted : known.includes(dotted.split('.')[0]) ? dotted.split('.')[0] : undefined;
    if (name) placed.push({ name: name.split('.'), errors: [message] });
    else rest.push(message);
  }
  if (placed.length) form.setFields(placed);
  if (rest.length) return rest.join('；');
  return placed.length ? undefined : error.messageZh;
}

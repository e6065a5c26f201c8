import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client';

/** A form field's name path (antd's NamePath as an array), or nothing when the form has no field for an API path. */
type FieldName = (string | number)[] | null | undefined;

/**
 * Puts a refused form's field errors beside the fields `nameOf` finds for the API's paths, and
 * answers what no field shows, so the page can show it above the buttons (never hidden): the
 * messages of the paths the form has no field for, or the error's own message when it names none.
 */
export function placeFieldErrors(form: FormInstance, error: ApiError, nameOf: (path: string) => FieldName): string | undefined {
  const placed: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const name = nameOf(path);
    if (name) placed.push({ name, errors: [message] });
    else rest.push(message);
  }
  if (placed.length) form.setFields(placed);
  if (rest.length) return rest.join('；');
  return placed.length ? undefined : error.messageZh;
}

/**
 * placeFieldErrors for a form whose fields carry the API's input names: `input.dueOn` beside
 * `dueOn`, `input.scope.chamberId` beside `scope.chamberId`, `input.scopes.0` beside `scopes`.
 * `known` lists the form's fields (dotted).
 */
export function showFieldErrors(form: FormInstance, error: ApiError, known: readonly string[]): string | undefined {
  return placeFieldErrors(form, error, (path) => {
    const dotted = path.replace(/^input\./, '');
    const name = known.includes(dotted) ? dotted : known.includes(dotted.split('.')[0]) ? dotted.split('.')[0] : undefined;
    return name?.split('.');
  });
}

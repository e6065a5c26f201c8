import { ReturnAnswerInput, ReturnFieldInput } from '../dtos/inputs/notice.inputs';
import { ReturnFieldDto, ReturnFieldType } from '../dtos/notice.dto';
import { NoticeErrors } from '../exceptions/notice.errors';

const TYPE_ZH: Readonly<Record<ReturnFieldType, string>> = {
  [ReturnFieldType.Text]: '文本',
  [ReturnFieldType.Number]: '数字',
  [ReturnFieldType.Date]: '日期（YYYY-MM-DD）',
  [ReturnFieldType.Choice]: '给定选项之一',
  [ReturnFieldType.Members]: '会员名单',
  [ReturnFieldType.File]: '文件',
};

/** A stored answer: the value as typed (numbers as decimal strings), members and file by id. */
export interface StoredAnswer {
  key: string;
  value: string | null;
  memberIds: string[] | null;
  fileId: string | null;
}

/** Checks a form definition: unique keys, options for choices (and only for them). */
export function checkForm(fields: ReturnFieldInput[]): ReturnFieldDto[] {
  if (!fields.length) throw NoticeErrors.FORM_INVALID({ problem: '至少需要一个字段' }, { field: 'input.returnForm' });
  const keys = new Set<string>();
  return fields.map((f, i) => {
    if (keys.has(f.key)) throw NoticeErrors.FORM_INVALID({ problem: `字段 ${f.key} 重复` }, { field: `input.returnForm.${i}.key` });
    keys.add(f.key);
    const options = [...new Set((f.options ?? []).map((o) => o.trim()).filter(Boolean))];
    if (f.type === ReturnFieldType.Choice && options.length < 2) throw NoticeErrors.FORM_INVALID({ problem: `选项字段 ${f.key} 至少需要两个选项` }, { field: `input.returnForm.${i}.options` });
    if (f.type !== ReturnFieldType.Choice && options.length) throw NoticeErrors.FORM_INVALID({ problem: `只有选项字段可以设置选项` }, { field: `input.returnForm.${i}.options` });
    return { key: f.key, label: f.label.trim(), type: f.type, required: f.required, options };
  });
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Checks answers against the form, each by its type, naming the answer at fault
 * (`input.answers.N`). Members and files are checked against the database by the caller.
 */
export function checkAnswers(form: ReturnFieldDto[], answers: ReturnAnswerInput[]): StoredAnswer[] {
  const byKey = new Map(form.map((f) => [f.key, f]));
  const given = new Map<string, number>();
  answers.forEach((a, i) => {
    if (!byKey.has(a.key) || given.has(a.key)) throw NoticeErrors.ANSWER_UNKNOWN_FIELD({ key: a.key }, { field: `input.answers.${i}.key` });
    given.set(a.key, i);
  });
  const out: StoredAnswer[] = [];
  for (const f of form) {
    const i = given.get(f.key);
    const a = i === undefined ? undefined : answers[i];
    const field = i === undefined ? 'input.answers' : `input.answers.${i}`;
    const wrong = () => NoticeErrors.ANSWER_WRONG_TYPE({ label: f.label, type: TYPE_ZH[f.type] }, { field, extensions: { key: f.key } });
    const value = a?.value?.trim() ? a.value.trim() : null;
    const memberIds = a?.memberIds?.length ? [...new Set(a.memberIds)] : null;
    const fileId = a?.fileId ?? null;
    const isMembers = f.type === ReturnFieldType.Members;
    const isFile = f.type === ReturnFieldType.File;
    if ((!isMembers && memberIds) || (!isFile && fileId) || ((isMembers || isFile) && value)) throw wrong();
    const empty = isMembers ? !memberIds : isFile ? !fileId : !value;
    if (empty) {
      if (f.required) throw NoticeErrors.ANSWER_REQUIRED({ label: f.label }, { field, extensions: { key: f.key } });
      out.push({ key: f.key, value: null, memberIds: null, fileId: null });
      continue;
    }
    if (f.type === ReturnFieldType.Number && !DECIMAL.test(value as string)) throw wrong();
    if (f.type === ReturnFieldType.Date && !validDate(value as string)) throw wrong();
    if (f.type === ReturnFieldType.Choice && !f.options.includes(value as string)) throw wrong();
    out.push({ key: f.key, value, memberIds, fileId });
  }
  return out;
}

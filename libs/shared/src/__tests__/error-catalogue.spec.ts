import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { IsEmail, IsOptional } from 'class-validator';
import {
  AppError,
  BadInputError,
  ConflictError,
  defineErrors,
  defineMessages,
  ErrorCode,
  ForbiddenError,
  formatGraphQLError,
  InputValidationPipe,
  localized,
  MaxLength,
  NotFoundError,
  registeredReasons,
  TooManyRequestsError,
} from '@crm/shared';

/** What a client receives for an error thrown in a resolver (GraphQL wraps it; the formatter sees both). */
function format(error: unknown, log: (e: unknown) => void = () => undefined): GraphQLFormattedError {
  const wrapped = error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
  return formatGraphQLError(wrapped.toJSON(), wrapped, log);
}

const STATUS = { MERGED: localized('merged', '已合并') };

const SampleErrors = defineErrors(
  'sample',
  {
    NO_RUNNING_TERM: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string }) => `${p.chamber} has no running term (届); record it first`,
      zh: (p) => `${p.chamber}尚无在任的届次，请先登记届次`,
    },
    CLOSED: {
      code: ErrorCode.Conflict,
      en: (p: { chamber: string; status: string; version: number }) => `${p.chamber} is ${p.status} (version ${p.version})`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”（版本 ${p.version}）`,
    },
    OUTSIDE: { code: ErrorCode.Forbidden, en: 'Outside your scope', zh: '不在您的管辖范围内' },
    GONE: { code: ErrorCode.NotFound, en: 'The sample is gone', zh: '样例已不存在' },
    SLOW_DOWN: { code: ErrorCode.TooManyRequests, en: 'Slow down', zh: '请慢一点' },
    LEGACY: { code: ErrorCode.Conflict, reason: 'SAMPLE_LEGACY_REASON_KEPT', en: 'Old', zh: '旧' },
    OPTIONAL: {
      code: ErrorCode.Conflict,
      en: (p: { holder?: string }) => (p.holder ? `Held by ${p.holder}` : 'Already held'),
      zh: (p) => (p.holder ? `已由${p.holder}担任` : '已有人担任'),
    },
  },
  { entities: { Sample: '样例' } },
);

describe('error catalogue', () => {
  it('builds an error whose message stays English and whose extensions carry reason, field and the Chinese', () => {
    const error = SampleErrors.NO_RUNNING_TERM({ chamber: '上海市浦东新区温州商会' }, { field: 'input.position' });
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toBe('上海市浦东新区温州商会 has no running term (届); record it first');
    expect(error.code).toBe(ErrorCode.BadUserInput);
    expect(error.reason).toBe('SAMPLE_NO_RUNNING_TERM');
    expect(error.messageZh).toBe('上海市浦东新区温州商会尚无在任的届次，请先登记届次');
    expect(error.extensions).toMatchObject({
      field: 'input.position',
      fields: [{ field: 'input.position', message: error.message, messageZh: error.messageZh, reason: 'SAMPLE_NO_RUNNING_TERM' }],
    });
  });

  it('is an instance of the class that goes with its code, so existing instanceof checks hold', () => {
    expect(SampleErrors.CLOSED({ chamber: 'a', status: 'b', version: 1 })).toBeInstanceOf(ConflictError);
    expect(SampleErrors.OUTSIDE()).toBeInstanceOf(ForbiddenError);
    const gone = SampleErrors.GONE({}, { extensions: { entity: 'Sample' } });
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(gone.message).toBe('The sample is gone');
    const slow = SampleErrors.SLOW_DOWN({}, { extensions: { retryAfterSeconds: 30 } });
    expect(slow).toBeInstanceOf(TooManyRequestsError);
    expect(slow.extensions.retryAfterSeconds).toBe(30);
    // No field given: none invented (clients and tests compare `field`).
    expect(SampleErrors.OUTSIDE().extensions).toEqual({ code: 'FORBIDDEN', reason: 'SAMPLE_OUTSIDE', messageZh: '不在您的管辖范围内' });
  });

  it('renders each language with its own word for a Localized value, and keeps extra extensions', () => {
    const error = SampleErrors.CLOSED({ chamber: '甲商会', status: STATUS.MERGED, version: 3 }, { field: 'id', extensions: { currentVersion: 3 } });
    expect(error.message).toBe('甲商会 is merged (version 3)');
    expect(error.messageZh).toBe('甲商会当前状态为“已合并”（版本 3）');
    expect(error.extensions).toMatchObject({ field: 'id', currentVersion: 3 });
  });

  it('keeps a reason clients already switch on, and lets a message choose its wording by what is given', () => {
    expect(SampleErrors.LEGACY().reason).toBe('SAMPLE_LEGACY_REASON_KEPT');
    expect(SampleErrors.OPTIONAL({}).message).toBe('Already held');
    expect(SampleErrors.OPTIONAL({ holder: '王' }).messageZh).toBe('已由王担任');
  });

  it('lists every reason with its templates, placeholders where the values go', () => {
    const listed = registeredReasons().filter((r) => r.library === 'sample');
    expect(listed.map((r) => r.reason)).toEqual(expect.arrayContaining(['SAMPLE_NO_RUNNING_TERM', 'SAMPLE_CLOSED', 'SAMPLE_LEGACY_REASON_KEPT']));
    expect(listed.find((r) => r.reason === 'SAMPLE_NO_RUNNING_TERM')).toEqual({
      reason: 'SAMPLE_NO_RUNNING_TERM',
      code: 'BAD_USER_INPUT',
      library: 'sample',
      messageEn: '{chamber} has no running term (届); record it first',
      messageZh: '{chamber}尚无在任的届次，请先登记届次',
    });
    expect(listed.find((r) => r.reason === 'SAMPLE_OPTIONAL')?.messageEn).toBe('Held by {holder}');
  });

  it('refuses a reason declared twice', () => {
    expect(() => defineErrors('sample', { CLOSED: { code: ErrorCode.Conflict, en: 'x', zh: 'x' } })).toThrow('SAMPLE_CLOSED is declared twice');
  });

  it('gives one problem among several as a field error, the first one becoming the error', () => {
    const error = BadInputError.fields([SampleErrors.NO_RUNNING_TERM.fieldError('input.a', { chamber: '甲' }), { field: 'input.b', message: 'plain' }]);
    expect(error.message).toBe('甲 has no running term (届); record it first');
    expect(error.extensions).toMatchObject({ field: 'input.a', reason: 'SAMPLE_NO_RUNNING_TERM', messageZh: '甲尚无在任的届次，请先登记届次' });
    expect((error.extensions.fields as unknown[]).length).toBe(2);
  });

  it('defines reported (not thrown) messages in both languages', () => {
    const rows = defineMessages({
      SAME_PERSON: { en: (p: { row: number }) => `the same person as row ${p.row}`, zh: (p) => `与第 ${p.row} 行是同一个人` },
      PLAIN: { en: 'plain', zh: '普通' },
    });
    expect(rows.SAME_PERSON({ row: 2 })).toEqual({ message: 'the same person as row 2', messageZh: '与第 2 行是同一个人' });
    expect(rows.PLAIN()).toEqual({ message: 'plain', messageZh: '普通' });
  });
});

describe('formatGraphQLError: every error leaves with messageZh', () => {
  it('passes a catalogue error through with its own Chinese', () => {
    const out = format(SampleErrors.NO_RUNNING_TERM({ chamber: '甲' }, { field: 'input.position' }));
    expect(out.message).toBe('甲 has no running term (届); record it first');
    expect(out.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SAMPLE_NO_RUNNING_TERM', field: 'input.position', messageZh: '甲尚无在任的届次，请先登记届次' });
  });

  it('gives errors without a catalogue entry a generic Chinese message for their code', () => {
    expect(format(new NotFoundError('Sample', 'x')).extensions?.messageZh).toBe('未找到该样例（不存在或不在您的权限范围内）');
    expect(format(new NotFoundError('Unheard')).extensions?.messageZh).toBe('未找到所请求的记录（不存在或不在您的权限范围内）');
    expect(format(new ForbiddenError()).extensions?.messageZh).toBe('无权执行此操作');
    expect(format(new ConflictError('x')).extensions?.messageZh).toBe('操作与当前数据冲突，请刷新后重试');
    expect(format(BadInputError.field('after', 'is not a cursor')).extensions?.messageZh).toBe('输入有误：字段 after 的取值无效');
    expect(format(new AppError(ErrorCode.Unauthenticated, 'x')).extensions?.messageZh).toBe('尚未登录或登录已过期，请重新登录');
  });

  it('answers Apollo codes, database trouble and bugs in Chinese too, and still hides the details of bugs', () => {
    const parse = formatGraphQLError({ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, new Error('x'), () => undefined);
    expect(parse.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED', messageZh: '请求有误：GraphQL 查询语法错误' });
    const deadlock = format(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    expect(deadlock.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONCURRENT_UPDATE', messageZh: '与同时进行的修改发生冲突，请重试' });
    const logged: unknown[] = [];
    const bug = format(new TypeError('x is undefined'), (e) => logged.push(e));
    expect(bug).toEqual({ message: 'Internal server error', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', messageZh: '服务器内部错误，请稍后重试或联系管理员' } });
    expect(logged).toHaveLength(1);
  });
});

class SampleInput {
  @IsEmail({}, { message: 'email must be an email' })
  email!: string;

  @IsOptional()
  @MaxLength(5)
  name?: string;
}

describe('InputValidationPipe: class-validator errors in Chinese per field', () => {
  it('names each field with its Chinese rule, and the error carries the first', async () => {
    const pipe = new InputValidationPipe();
    const error = (await pipe.transform({ email: 'nope', name: '王'.repeat(6) }, { type: 'body', metatype: SampleInput, data: 'input' }).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toBe('Invalid value for input.email: email must be an email');
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INPUT_INVALID',
      field: 'input.email',
      messageZh: '输入有误：input.email 不是有效的电子邮件地址',
      fields: [
        { field: 'input.email', message: 'email must be an email', messageZh: '不是有效的电子邮件地址' },
        { field: 'input.name', message: 'name must be at most 5 characters', messageZh: '最多 5 个字符' },
      ],
    });
  });
});

import { Alert, Result } from 'antd';
import { ApiError } from '../api/client';
import NotFoundPage from '../pages/NotFoundPage';

/** The error a page shows when a record it looked up came back empty (the API answered null). */
export const NOT_FOUND_ERROR = new ApiError([{ message: 'not found', extensions: { code: 'NOT_FOUND' } }]);

/**
 * What a record's page shows when its read is refused, for every area: 未找到 for NOT_FOUND (another
 * unit's record, a garbage id), 无权查看 for FORBIDDEN, otherwise the API's Chinese message (a
 * network failure included). Never a blank page.
 */
export function ReadError({ error, what }: { error: ApiError; what: string }) {
  if (error.code === 'NOT_FOUND') return <NotFoundPage what={what} />;
  if (error.code === 'FORBIDDEN') return <Result status="403" title="无权查看" subTitle={error.messageZh} data-testid="forbidden" />;
  return <Alert type="error" showIcon message={error.messageZh} data-testid="read-error" />;
}

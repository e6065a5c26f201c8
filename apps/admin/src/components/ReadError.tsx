import { Alert, Result } from 'antd';
import { ApiError } from '../api/client';
import NotFoundPage from '../pages/NotFoundPage';

/** The error a page shows when a record it looked up came back empty (the API answered null). */
export const NOT_FOUND_ERROR = new ApiError([{ message: 'not found', extensions: { code: 'NOT_FOUND' } }]);

/**
 * What a record's page shows when the read of the record its URL names is refused, for every
 * area: 未找到 for NOT_FOUND (another unit's record) and for BAD_USER_INPUT (the only input of such
 * a read is the id in the URL: `/projects/not-a-uuid`, `/notices/%00` name no record either);
 * 无权查看 for FORBIDDEN; otherwise the API's Chinese message (a network failure included).
 * Never a blank page. Only for reads keyed by the URL's id, not for forms or filtered lists.
 */
export function ReadError({ error, what }: { error: ApiError; what: string }) {
  if (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT') return <NotFoundPage what={what} />;
  if (error.code === 'FORBIDDEN')
    return (
      <div data-testid="forbidden">
        <Result status="403" title="无权查看" subTitle={error.messageZh} />
      </div>
    );
  return <Alert type="error" showIcon message={error.messageZh} data-testid="read-error" />;
}

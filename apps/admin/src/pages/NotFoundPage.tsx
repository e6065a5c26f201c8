import { Button, Result } from 'antd';
import { Link } from 'react-router';

/** Also what a member or chamber outside one's scope shows: the API answers NOT_FOUND for both. */
export default function NotFoundPage({ what = '页面' }: { what?: string }) {
  // antd's Result does not pass data-* attributes on: the test id sits on a wrapper.
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title="未找到"
        subTitle={`该${what}不存在，或不在您的权限范围内。`}
        extra={
          <Link to="/">
            <Button type="primary">返回首页</Button>
          </Link>
        }
      />
    </div>
  );
}

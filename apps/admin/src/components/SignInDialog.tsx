import { Modal, Typography } from 'antd';
import { useSession } from '../session';
import { SignInForm } from './SignInForm';

/**
 * When the session ends while a page is open, this dialog covers the page instead of leaving
 * it: what the user typed stays in the form underneath, and after signing in they carry on.
 */
export function SignInDialog() {
  const { expired, me } = useSession();
  return (
    <Modal open={expired} title="登录已过期" footer={null} closable={false} maskClosable={false} destroyOnHidden>
      <Typography.Paragraph type="secondary">请重新登录；当前页面中已填写的内容会保留。</Typography.Paragraph>
      <SignInForm email={me?.email} onSignedIn={() => undefined} />
    </Modal>
  );
}

import { UploadOutlined } from '@ant-design/icons';
import { Button, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { AttachmentLinks, uploadAttachment } from './flow-common';

/**
 * A form control uploading to `POST /attachments` as files are chosen; its value is the stored
 * files' ids (one id, or a list with `multiple`). A refused file (type, size) shows the API's
 * Chinese message on its line.
 */
export function AttachmentUpload({
  value,
  onChange,
  multiple,
  testId,
}: {
  value?: string[] | string | null;
  onChange?(v: string[] | string | null): void;
  multiple?: boolean;
  testId?: string;
}) {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const emit = (list: UploadFile[]) => {
    const ids = list.filter((f) => f.status === 'done' && f.response).map((f) => f.response as string);
    onChange?.(multiple ? ids : (ids[ids.length - 1] ?? null));
  };
  // A file already in the return (a correction): kept unless another is chosen.
  const kept = !multiple && typeof value === 'string' && value && !files.length ? value : null;
  return (
    <Space direction="vertical">
      {kept && (
        <Space>
          <Typography.Text type="secondary">已上传：</Typography.Text>
          <AttachmentLinks ids={[kept]} />
          <Typography.Text type="secondary">（重新选择文件将替换它）</Typography.Text>
        </Space>
      )}
      <Upload
        multiple={multiple}
        maxCount={multiple ? 20 : 1}
        fileList={files}
        data-testid={testId}
        customRequest={async ({ file, onSuccess, onError }) => {
          try {
            const stored = await uploadAttachment(file as File);
            onSuccess?.(stored.id);
          } catch (e) {
            const err = new Error(e instanceof ApiError ? e.messageZh : '上传失败');
            onError?.(err);
          }
        }}
        onChange={({ fileList }) => {
          const shown = fileList.map((f) => (f.status === 'error' ? { ...f, response: f.error?.message ?? '上传失败' } : f));
          setFiles(shown);
          emit(shown);
        }}
      >
        <Button icon={<UploadOutlined />}>选择文件</Button>
      </Upload>
    </Space>
  );
}

import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Progress, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiErrorOf, ApiError, authorizedFetch, request, saveDownload } from '../api/client';
import { graphql, ResultOf } from '../api/graphql';
import { IMPORT_MODE, IMPORT_STATUS, zh } from '../i18n/zh';

const ImportQuery = graphql(`
  query AdminMemberImport($id: ID!) {
    memberImport(id: $id) {
      id fileName status progress version totalRows errorRows matchedRows doneRows
      createdCount updatedCount skippedCount unchangedCount failedCount ignoredColumns
      failure { reason messageZh rowNumber }
      errors(first: 100) {
        totalCount
        edges { node { rowNumber errors { column value reason messageZh } } }
      }
    }
  }
`);
const CommitImport = graphql(`
  mutation AdminCommitImport($input: CommitMemberImportInput!) {
    commitMemberImport(input: $input) { id status version }
  }
`);
type Imp = NonNullable<ResultOf<typeof ImportQuery>['memberImport']>;
type Mode = 'SKIP' | 'UPDATE' | 'FILL_EMPTY';
const RUNNING = new Set(['UPLOADED', 'VALIDATING', 'COMMITTING']);

/**
 * 导入导出: template, drag-and-drop upload, validation progress, the error table (row, column,
 * value, reason in Chinese), the mode, commit with progress. The import id is in the URL, so a
 * reload keeps following it. Export of the current filter is on the member list.
 */
export default function ImportPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const [imp, setImp] = useState<Imp | null>(null);
  const [error, setError] = useState<string>();
  const [mode, setMode] = useState<Mode>('SKIP');
  const [busy, setBusy] = useState(false);
  // Bumped after a commit: the import id stays, and polling starts again.
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!id) return setImp(null);
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const data = await request(ImportQuery, { id });
        if (!alive) return;
        setImp(data.memberImport);
        if (data.memberImport && RUNNING.has(data.memberImport.status)) timer = setTimeout(poll, 700);
      } catch (e) {
        if (alive) setError(e instanceof ApiError ? e.messageZh : '读取导入进度失败');
      }
    };
    void poll();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [id, tick]);

  const upload = async (file: File) => {
    setError(undefined);
    const form = new FormData();
    form.append('file', file);
    const res = await authorizedFetch('/member-imports', { method: 'POST', body: form });
    if (!res.ok) {
      setError((await apiErrorOf(res)).messageZh);
      return;
    }
    const body = (await res.json()) as { data: { memberImport: { id: string } } };
    setParams({ id: body.data.memberImport.id });
  };
  const download = async (url: string, name: string) => {
    try {
      await saveDownload(await authorizedFetch(url), name);
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '下载失败');
    }
  };
  const commit = async () => {
    if (!imp) return;
    setBusy(true);
    try {
      await request(CommitImport, { input: { id: imp.id, mode, version: imp.version } });
      setTick((n) => n + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.messageZh : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  const rows = (imp?.errors.edges ?? []).flatMap((e) => e.node.errors.map((c, i) => ({ key: `${e.node.rowNumber}-${i}`, row: e.node.rowNumber, ...c })));
  const percent = imp ? Math.round((imp.progress ?? (imp.status === 'COMMITTED' ? 1 : 0)) * 100) : 0;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        导入导出
      </Typography.Title>
      <Card title="第一步：下载模板，按模板填写会员名单">
        <Space>
          <Button onClick={() => void download('/member-imports/template.xlsx', '会员导入模板.xlsx')}>下载模板（Excel）</Button>
          <Button onClick={() => void download('/member-imports/template.csv', '会员导入模板.csv')}>下载模板（CSV）</Button>
          <Typography.Text type="secondary">导出当前筛选的会员：请在“会员”页面点击“导出”。</Typography.Text>
        </Space>
      </Card>
      <Card title="第二步：上传文件（.xlsx 或 .csv）">
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            upload(file as File).then(() => onSuccess?.({}), (e: Error) => onError?.(e));
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">将文件拖到此处，或点击选择文件</p>
          <p className="ant-upload-hint">上传后系统会逐行校验；有任何错误的文件不会导入，修改后重新上传即可。</p>
        </Upload.Dragger>
      </Card>
      {error && <Alert type="error" showIcon message={error} data-testid="import-error" />}
      {imp && (
        <Card title={`第三步：校验与导入 · ${imp.fileName}`}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              状态：<Tag data-testid="import-status">{zh(IMPORT_STATUS, imp.status)}</Tag>
            </Space>
            <Progress percent={percent} status={imp.status === 'FAILED' || imp.status === 'INVALID' ? 'exception' : RUNNING.has(imp.status) ? 'active' : undefined} data-testid="import-progress" />
            <Descriptions size="small" column={4}>
              <Descriptions.Item label="总行数">{imp.totalRows}</Descriptions.Item>
              <Descriptions.Item label="有错误的行">{imp.errorRows}</Descriptions.Item>
              <Descriptions.Item label="匹配到已有会员">{imp.matchedRows}</Descriptions.Item>
              <Descriptions.Item label="已处理">{imp.doneRows}</Descriptions.Item>
            </Descriptions>
            {imp.ignoredColumns.length > 0 && <Alert type="info" showIcon message={`未识别、已忽略的列：${imp.ignoredColumns.join('、')}`} />}
            {imp.failure && <Alert type="error" showIcon message={imp.failure.messageZh} />}
            {rows.length > 0 && (
              <>
                <Alert
                  type="error"
                  showIcon
                  message={`共 ${imp.errorRows} 行有错误，整个文件未导入。请按下表修改后重新上传。`}
                  action={
                    <Button size="small" onClick={() => void download(`/member-imports/${imp.id}/report.csv`, '导入错误报告.csv')}>
                      下载错误报告
                    </Button>
                  }
                />
                <Table
                  size="small"
                  rowKey="key"
                  dataSource={rows}
                  pagination={{ pageSize: 20 }}
                  data-testid="import-errors"
                  columns={[
                    { title: '行号', dataIndex: 'row', width: 70 },
                    { title: '列', render: (_, r) => r.column ?? '—', width: 140 },
                    { title: '值', render: (_, r) => r.value ?? '（空）', width: 200 },
                    { title: '说明', dataIndex: 'messageZh' },
                  ]}
                />
              </>
            )}
            {imp.status === 'VALIDATED' && (
              <Space direction="vertical">
                <Typography.Text strong>已有会员（按身份证号或姓名+手机匹配）如何处理：</Typography.Text>
                <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as Mode)} options={Object.entries(IMPORT_MODE).map(([value, label]) => ({ value, label }))} />
                <Button type="primary" loading={busy} onClick={() => void commit()} data-testid="import-commit">
                  确认导入 {imp.totalRows} 行
                </Button>
              </Space>
            )}
            {imp.status === 'COMMITTED' && (
              <Alert
                type="success"
                showIcon
                data-testid="import-done"
                message={`导入完成：新增 ${imp.createdCount} 人，更新 ${imp.updatedCount} 人，跳过 ${imp.skippedCount} 人，无变化 ${imp.unchangedCount} 人${imp.failedCount ? `，失败 ${imp.failedCount} 行` : ''}。`}
                action={<Link to="/members">查看会员</Link>}
              />
            )}
          </Space>
        </Card>
      )}
    </Space>
  );
}

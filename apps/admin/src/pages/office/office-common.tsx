import { Result } from 'antd';

/** What a role outside the page's audience sees, by URL or when the API refuses (FORBIDDEN). */
export function Forbidden({ what }: { what: string }) {
  return (
    <div data-testid="forbidden">
      <Result status="403" title="无权访问" subTitle={`您的账号无权查看${what}。`} />
    </div>
  );
}

/** A Decimal scalar as the API sends it (a string; gql.tada types custom scalars as unknown). */
export function dec(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '0' : String(value);
}
export function decOrNull(value: unknown): string | null {
  return value == null ? null : dec(value);
}

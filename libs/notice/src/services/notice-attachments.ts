import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { extname } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { AppConfig, NotFoundError } from '@crm/shared';
import { FileStore, StoredFileInfo } from '@crm/storage';
import { NoticeErrors } from '../exceptions/notice.errors';

/** What an attachment is stored as (stored_file.purpose). */
export const ATTACHMENT_PURPOSE = 'flow-attachment';

/** The file types offices exchange: documents, spreadsheets, slides, images, archives (by extension). */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.wps': 'application/vnd.ms-works',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.zip': 'application/zip',
};

/**
 * Attachments of notices, requests and returns: uploaded first (POST /attachments, kept with
 * @crm/storage), then named by id in a mutation, which accepts only the caller's own uploads.
 * A download is served only to a caller who may read what the file is attached to (or who
 * uploaded it and has not attached it yet).
 */
@Injectable()
export class NoticeAttachments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FileStore,
    private readonly access: AccessService,
    private readonly config: AppConfig,
  ) {}

  /** The media type of an allowed file name; refuses any other type before a byte is stored. */
  mediaTypeOf(fileName: string): string {
    const type = ATTACHMENT_TYPES[extname(fileName).toLowerCase()];
    if (!type) throw NoticeErrors.ATTACHMENT_TYPE({ type: extname(fileName).toLowerCase() || '（无扩展名）' }, { field: 'file' });
    return type;
  }

  async upload(caller: Caller, source: NodeJS.ReadableStream, fileName: string): Promise<StoredFileInfo> {
    const mediaType = this.mediaTypeOf(fileName);
    return this.files.put(source, { purpose: ATTACHMENT_PURPOSE, fileName, mediaType, maxBytes: this.config.ATTACHMENT_MAX_MB * 1024 * 1024, createdBy: caller.id });
  }

  /** Refuses a file id that is not an attachment the caller uploaded. */
  async requireOwnUpload(em: EntityManager, caller: Caller, id: string, field: string): Promise<void> {
    const [row] = (await em.query(`SELECT 1 FROM stored_file WHERE id = $1 AND purpose = $2 AND created_by = $3`, [id, ATTACHMENT_PURPOSE, caller.id])) as unknown[];
    if (!row) throw NoticeErrors.ATTACHMENT_UNKNOWN({ id }, { field });
  }

  /** Refuses the first of `ids` that is not an attachment the caller uploaded (one statement for the list). */
  private async requireOwnUploads(em: EntityManager, caller: Caller, ids: string[], field: string): Promise<void> {
    const own = new Set(((await em.query(`SELECT id FROM stored_file WHERE id = ANY($1::uuid[]) AND purpose = $2 AND created_by = $3`, [ids, ATTACHMENT_PURPOSE, caller.id])) as { id: string }[]).map((r) => r.id));
    const i = ids.findIndex((id) => !own.has(id));
    if (i >= 0) throw NoticeErrors.ATTACHMENT_UNKNOWN({ id: ids[i] }, { field: `${field}.${i}` });
  }

  async attach(em: EntityManager, caller: Caller, noticeId: string, ids: string[], field: string): Promise<void> {
    const unique = [...new Set(ids)];
    await this.requireOwnUploads(em, caller, ids, field);
    await em.query(`INSERT INTO notice_attachment (notice_id, file_id, position) SELECT $1, f.id, f.n FROM unnest($2::uuid[]) WITH ORDINALITY AS f(id, n)`, [noticeId, unique]);
  }

  async attachToRequest(em: EntityManager, caller: Caller, requestId: string, ids: string[], field: string): Promise<void> {
    const unique = [...new Set(ids)];
    await this.requireOwnUploads(em, caller, ids, field);
    await em.query(`INSERT INTO request_attachment (request_id, file_id, position) SELECT $1, f.id, f.n FROM unnest($2::uuid[]) WITH ORDINALITY AS f(id, n) ON CONFLICT DO NOTHING`, [requestId, unique]);
  }

  /** The file's info if the caller may download it; NOT_FOUND otherwise (its existence is not disclosed). */
  async readable(caller: Caller, id: string): Promise<StoredFileInfo> {
    const em = this.dataSource.manager;
    const info = await this.files.info(id);
    if (!info || info.purpose !== ATTACHMENT_PURPOSE) throw new NotFoundError('StoredFile', id);
    const holders = (await em.query(
      `SELECT 'own' AS kind, NULL::uuid AS id FROM stored_file WHERE id = $1 AND created_by = $2
        UNION ALL SELECT 'notice', notice_id FROM notice_attachment WHERE file_id = $1
        UNION ALL SELECT 'request', request_id FROM request_attachment WHERE file_id = $1
        UNION ALL SELECT 'return', id FROM notice_return WHERE file_ids @> ARRAY[$1::uuid] AND file_ids <> '{}'`,
      [id, caller.id],
    )) as { kind: 'own' | 'notice' | 'request' | 'return'; id: string | null }[];
    for (const h of holders) {
      if (h.kind === 'own') return info;
      const entity = h.kind === 'notice' ? 'Notice' : h.kind === 'request' ? 'Request' : 'NoticeReturn';
      if (await this.access.passes(em, entity, 'read', caller, h.id as string)) return info;
    }
    throw new NotFoundError('StoredFile', id);
  }

  open(id: string): Promise<NodeJS.ReadableStream> {
    return this.files.open(id);
  }
}

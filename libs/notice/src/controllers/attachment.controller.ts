import { CallHandler, Controller, ExecutionContext, Get, Injectable, NestInterceptor, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Observable } from 'rxjs';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { attachmentDisposition } from '@crm/exchange';
import { BadInputError, ParseIdPipe } from '@crm/shared';
import { StoredFileInfo } from '@crm/storage';
import { NoticeAttachments } from '../services/notice-attachments';

interface StreamedFile {
  originalname: string;
  stream: NodeJS.ReadableStream;
}

/** What the upload leaves on the request: how to store the file, then the stored file. */
interface UploadRequest extends Request {
  user?: Caller;
  storeAttachment?: (file: StreamedFile) => Promise<StoredFileInfo>;
  storedAttachment?: StoredFileInfo;
}

/** Hands the storage engine below the caller's upload into the file store (runs before multer). */
@Injectable()
export class AttachmentStoreBinder implements NestInterceptor {
  constructor(private readonly attachments: NoticeAttachments) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    req.storeAttachment = (file) => {
      // The store ends what it reads when it refuses (too large): it reads a pipe, so multer's own
      // part stream is left to drain and multer answers with the store's refusal.
      const through = new PassThrough();
      file.stream.pipe(through);
      // Multer reads the name as latin1; browsers send UTF-8 (会议通知.pdf).
      return this.attachments.upload(req.user as Caller, through, Buffer.from(file.originalname, 'latin1').toString('utf8')).catch((error: unknown) => {
        file.stream.unpipe(through);
        throw error;
      });
    };
    return next.handle();
  }
}

/** A multer storage engine that streams the part into the file store: never a temp file, never all in memory. */
const intoFileStore = {
  _handleFile(req: UploadRequest, file: StreamedFile, cb: (error: unknown, info?: Record<string, unknown>) => void): void {
    (req.storeAttachment as (f: StreamedFile) => Promise<StoredFileInfo>)(file).then(
      (info) => {
        req.storedAttachment = info;
        cb(null, { size: info.byteSize });
      },
      (error: unknown) => {
        file.stream.resume();
        cb(error);
      },
    );
  },
  _removeFile(_req: unknown, _file: unknown, cb: (error: Error | null) => void): void {
    cb(null);
  },
};

/**
 * The file side of notices, requests and returns: `POST /attachments` (multipart, field `file`)
 * streams the upload into the file store (type allow-list, ATTACHMENT_MAX_MB; nothing kept on
 * refusal) and answers its id, which a mutation then names; `GET /attachments/:id` serves it
 * to whoever may read what it is attached to (NOT_FOUND to anyone else).
 */
@Controller('attachments')
export class AttachmentController {
  constructor(private readonly attachments: NoticeAttachments) {}

  @Post()
  @RequirePermission(Permission.NoticeRead)
  @UseInterceptors(AttachmentStoreBinder, FileInterceptor('file', { storage: intoFileStore, limits: { files: 1, fields: 2, parts: 3 } }))
  upload(@Req() req: UploadRequest): { data: { attachment: { id: string; fileName: string; mediaType: string; byteSize: number; sha256: string } } } {
    const info = req.storedAttachment;
    if (!info) throw BadInputError.field('file', 'Send the file as the multipart form field "file"');
    return { data: { attachment: { id: info.id, fileName: info.fileName, mediaType: info.mediaType, byteSize: info.byteSize, sha256: info.sha256 } } };
  }

  @Get(':id')
  @RequirePermission(Permission.NoticeRead)
  async download(@CurrentUser() caller: Caller, @Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const info = await this.attachments.readable(caller, id);
    res.status(200);
    res.setHeader('content-type', info.mediaType);
    res.setHeader('content-length', String(info.byteSize));
    res.setHeader('content-disposition', attachmentDisposition(`attachment${/\.[A-Za-z0-9]+$/.exec(info.fileName)?.[0] ?? ''}`, info.fileName));
    res.setHeader('cache-control', 'private, no-store');
    // Served as the type its extension names, never as what a browser guesses from the bytes.
    res.setHeader('x-content-type-options', 'nosniff');
    await pipeline(await this.attachments.open(id), res);
  }
}

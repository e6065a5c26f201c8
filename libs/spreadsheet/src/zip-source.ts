import { createReadStream, ReadStream } from 'node:fs';
import { PassThrough } from 'node:stream';

// Feeds a workbook to ExcelJS, working around two faults of the unzipper parser it uses:
//
// 1. It reports errors (a truncated entry, damaged compressed data) on itself, and ExcelJS never
//    listens there, so it waits forever for an entry that will not end. `onError` hears them.
//
// 2. It announces its end as soon as it has parsed the last byte, even while entries it parsed
//    are still waiting in its buffer for ExcelJS to take them, and ExcelJS then stops. This
//    happens when ExcelJS is busy copying a worksheet to a temporary file while the small parts
//    after it (styles, shared strings) are parsed: without the shared strings every text cell
//    reads as empty, without the styles every date as a number — silently. So the zip's
//    directory (the last bytes of the file) is held back until ExcelJS has taken as many entries
//    as the directory lists; only then can the parser reach the end.

// If the counting goes wrong (a zip whose directory does not match its entries), the parser
// would wait for the held bytes forever; after this long without any progress they are released.
const RELEASE_AFTER_IDLE_MS = 3000;

export interface ZipSourceOptions {
  /** Where the zip's directory starts; bytes from here on are held back. Undefined: hold nothing. */
  holdFrom?: number;
  /** How many entries the directory lists. */
  entryCount: number;
  onError: (error: unknown) => void;
}

export class ZipSource {
  /** What to give ExcelJS. */
  readonly stream = new PassThrough();
  private readonly files: ReadStream[] = [];
  private parser: NodeJS.WritableStream | undefined;
  private delivered = 0;
  private headRead = false;
  private released = false;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly path: string,
    private readonly options: ZipSourceOptions,
  ) {
    const { holdFrom } = options;
    // ExcelJS pipes this stream into the parser; catching that call is the only way to reach it.
    const pipe = this.stream.pipe.bind(this.stream);
    this.stream.pipe = <T extends NodeJS.WritableStream>(destination: T, pipeOptions?: { end?: boolean }): T => {
      this.parser = destination;
      destination.on('error', (error: unknown) => options.onError(error));
      return pipe(destination, pipeOptions);
    };
    if (holdFrom === undefined || holdFrom <= 0) {
      this.released = true;
      this.copy(0, undefined, true);
      return;
    }
    this.copy(0, holdFrom - 1, false).on('end', () => {
      this.headRead = true;
      this.releaseIfDelivered();
      this.armIdleRelease();
    });
  }

  /**
   * Starts counting the entries ExcelJS takes. Call once ExcelJS consumes the parser (after the
   * first step of its iterator): listening earlier would start the flow before ExcelJS listens,
   * and it would miss entries.
   */
  countDeliveries(): void {
    const parser = this.parser;
    if (!isReadableEmitter(parser)) return;
    if (parser.listenerCount('data') === 0) return;
    parser.on('data', () => {
      this.delivered++;
      this.releaseIfDelivered();
      this.armIdleRelease();
    });
  }

  destroy(): void {
    if (this.idle) clearTimeout(this.idle);
    for (const file of this.files) file.destroy();
    this.stream.destroy();
  }

  private copy(start: number, end: number | undefined, last: boolean): ReadStream {
    const file = createReadStream(this.path, end === undefined ? { start } : { start, end });
    this.files.push(file);
    file.on('error', (error: Error) => this.options.onError(error));
    if (!this.released) file.on('data', () => this.armIdleRelease());
    file.pipe(this.stream, { end: last });
    return file;
  }

  private releaseIfDelivered(): void {
    if (this.headRead && this.delivered >= this.options.entryCount) this.release();
  }

  private armIdleRelease(): void {
    if (this.released) return;
    if (this.idle) clearTimeout(this.idle);
    if (!this.headRead) return;
    this.idle = setTimeout(() => this.release(), RELEASE_AFTER_IDLE_MS);
    this.idle.unref();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    if (this.idle) clearTimeout(this.idle);
    this.copy(this.options.holdFrom ?? 0, undefined, true);
  }
}

function isReadableEmitter(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && 'on' in value && 'listenerCount' in value && 'pause' in value;
}

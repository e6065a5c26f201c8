import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};

/**
 * Every setting the server reads, validated at boot. Environment variable names match the
 * property names. A bad value stops the process with one line per problem.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Any PostgreSQL; when unset, an embedded server is started under DATA_DIR. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must look like postgres://user:password@host:port/database' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'diaspora-crm';

  @IsString()
  JWT_AUDIENCE = 'diaspora-crm-api';

  @Transform(toInt) @IsInt() @Min(30) @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt) @IsInt() @Min(60) @Max(60 * 60 * 24 * 90)
  REFRESH_TOKEN_TTL_SECONDS = 60 * 60 * 24 * 14;

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  @IsOptional() @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional() @IsString() @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** Demo data; unset means yes outside production, no in production. */
  @Transform(toBool) @IsOptional() @IsBoolean({ message: 'SEED must be true or false' })
  SEED?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The home city (GB/T 2260 prefecture code); its counties scope county officers. */
  @Matches(/^\d{6}$/, { message: 'HOME_REGION_CODE must be a 6-digit GB/T 2260 code' })
  HOME_REGION_CODE = '330300';

  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '1mb';

  @Transform(toInt) @IsInt() @Min(2) @Max(50)
  GRAPHQL_MAX_DEPTH = 12;

  @Transform(toInt) @IsInt() @Min(10) @Max(100000)
  GRAPHQL_MAX_COMPLEXITY = 5000;

  /** Where the generated GraphQL schema is written; empty: keep it in memory. */
  @IsOptional() @IsString()
  SCHEMA_FILE?: string;

  @Transform(toInt) @IsInt() @Min(0) @Max(60000)
  SHUTDOWN_GRACE_MS = 1000;

  /**
   * After the grace period: how long requests still in flight (exports, uploads, slow clients)
   * may take to finish while new requests are answered 503; connections left then are cut.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  SHUTDOWN_DRAIN_MS = 30000;

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  /** Whether this process works queued jobs (imports); false: it only queues them. */
  @Transform(toBool) @IsBoolean({ message: 'JOB_WORKERS must be true or false' })
  JOB_WORKERS = true;

  /** How often an idle worker looks for jobs (a job queued by this process wakes it at once). */
  @Transform(toInt) @IsInt() @Min(1) @Max(60)
  JOB_POLL_SECONDS = 2;

  /** How often a worker looks for imports whose worker died (seconds; 0: only at start-up). */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  IMPORT_SWEEP_SECONDS = 60;

  /**
   * Change-feed entries superseded by a later one of the same record are kept this many days,
   * then compacted away (the record's latest entry, MERGED and REMOVED ones stay for good).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(3650)
  CHANGE_LOG_KEEP_DAYS = 30;

  /** Where uploaded import files wait for their import to end; default DATA_DIR/imports. */
  @IsOptional() @IsString()
  IMPORT_DIR?: string;

  /** The largest file an import accepts, in megabytes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(2000)
  IMPORT_MAX_MB = 100;

  /** Import batches committed side by side, each on its own database connection. */
  @Transform(toInt) @IsInt() @Min(1) @Max(8)
  IMPORT_COMMIT_CONNECTIONS = 2;

  /** The largest attachment of a notice, request or return, in megabytes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(500)
  ATTACHMENT_MAX_MB = 20;

  /** SMTP server for the notices' e-mail (smtp://user:pass@host:port); empty: no e-mail. */
  @IsOptional() @IsString()
  SMTP_URL?: string;

  /** The From address of that e-mail. */
  @IsOptional() @IsString()
  SMTP_FROM?: string;
  /** Integrations: the requests per minute a new API key may make (each key can set its own). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  API_KEY_RATE_PER_MINUTE = 600;

  /** Whether webhooks may target loopback and private addresses (tests and closed networks only). */
  @Transform(toBool) @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** How long a receiver has to answer one delivery (milliseconds). */
  @Transform(toInt) @IsInt() @Min(100) @Max(60000)
  WEBHOOK_TIMEOUT_MS = 10000;

  /** The first retry waits this long; each next one twice as long, for a day. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  WEBHOOK_RETRY_BASE_SECONDS = 30;

  /** A subscription whose deliveries failed this many times in a row is disabled (admins are told). */
  @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  WEBHOOK_DISABLE_AFTER_FAILURES = 50;

  /** How often a worker process fans new changes out to subscriptions (milliseconds; 0: never by itself). */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600000)
  WEBHOOK_DISPATCH_MS = 1000;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Reads and validates the configuration; throws ConfigError listing every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, stopAtFirstError: true });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}=${JSON.stringify(raw[e.property] ?? null)}: ${m}`),
  );
  if (config.isProduction && !config.JWT_SECRET) {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  }
  if (problems.length) throw new ConfigError(problems);
  if (!config.JWT_SECRET) {
    // Never in production (refused above). In development the secret outlives the process, so
    // a restart keeps everyone signed in; tests get a fresh one per process.
    config.JWT_SECRET = config.NODE_ENV === 'development' ? developmentJwtSecret(config.DATA_DIR) : randomBytes(32).toString('hex');
  }
  return config;
}

/** Where the development JWT secret is kept, under DATA_DIR beside the embedded database. */
export const DEV_JWT_SECRET_FILE = 'jwt-secret';

/**
 * The development JWT secret: read from DATA_DIR/jwt-secret, or made once and written there
 * (mode 0600). Creation is exclusive, so two processes starting together agree on one secret.
 */
function developmentJwtSecret(dataDir: string): string {
  const file = join(dataDir, DEV_JWT_SECRET_FILE);
  const read = (): string | null => {
    try {
      const secret = readFileSync(file, 'utf8').trim();
      if (secret.length < 32) throw new ConfigError([`${file} holds no valid JWT secret (32+ characters): delete it, or set JWT_SECRET`]);
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return secret;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  try {
    const existing = read();
    if (existing) return existing;
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return read() ?? secret; // another process made it first: use theirs
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([`JWT_SECRET is unset and ${file} cannot be kept (${(error as NodeJS.ErrnoException).code ?? String(error)}): set JWT_SECRET, or DATA_DIR to a writable directory`]);
  }
}

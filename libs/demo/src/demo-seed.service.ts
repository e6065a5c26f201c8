import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AppConfig } from '@crm/shared';
import { PasswordService, UserEntity, userAuditSnapshot, UserService } from '@crm/user';
import { DEMO_USERS } from './demo-users';
import { SeedRunEntity } from './entities/seed-run.entity';

const DEV_ADMIN_EMAIL = 'admin@demo.crm';
const DEV_ADMIN_PASSWORD = 'Wenzhou-admin-2026';
const DEMO_PASSWORD = 'Wenzhou-demo-2026';

/**
 * Start-up data: the first administrator (from ADMIN_EMAIL / ADMIN_PASSWORD, with printed
 * defaults outside production), then the demo data set once per database unless SEED=false.
 * Each seed step is recorded in seed_run and never runs twice.
 */
@Injectable()
export class DemoSeedService {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Returns lines for the start-up banner (credentials that were just created). */
  async bootstrap(): Promise<string[]> {
    const banner: string[] = [];
    const usingDefaults = !this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD;
    if (usingDefaults && this.config.isProduction) {
      const hasAdmin = await this.dataSource.query(`SELECT 1 FROM app_user WHERE role = 'ADMIN' AND active LIMIT 1`);
      if (!hasAdmin.length) throw new Error('No administrator exists: set ADMIN_EMAIL and ADMIN_PASSWORD for the first start in production');
    } else {
      const email = this.config.ADMIN_EMAIL ?? DEV_ADMIN_EMAIL;
      const password = this.config.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD;
      const created = await this.users.ensureAdmin(email, password);
      if (created) {
        this.log.log(`Created the first administrator ${created.email}`);
        banner.push(`Administrator: ${created.email} / ${usingDefaults ? password : '(ADMIN_PASSWORD)'}`);
      } else if (usingDefaults) {
        banner.push(`Development administrator (if unchanged): ${DEV_ADMIN_EMAIL} / ${DEV_ADMIN_PASSWORD}`);
      }
    }
    if (this.config.SEED) {
      const seeded = await this.seedDemoUsers();
      if (seeded || !this.config.isProduction) {
        banner.push(`Demo accounts (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => u.email).join(', ')}`);
      }
    }
    return banner;
  }

  private async seedDemoUsers(): Promise<boolean> {
    const step = 'demo-users-v1';
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:seed']);
      if (await em.exists(SeedRunEntity, { where: { name: step } })) return false;
      for (const demo of DEMO_USERS) {
        if (await em.exists(UserEntity, { where: { email: demo.email } })) continue;
        const result = await em.insert(UserEntity, {
          email: demo.email,
          displayName: demo.displayName,
          role: demo.role,
          countyCode: demo.countyCode ?? null,
          passwordHash,
        });
        const user = await em.findOneOrFail(UserEntity, { where: { id: (result.identifiers[0] as { id: string }).id } });
        await this.audit.record(em, { operation: 'user.create', entityType: 'User', entityId: user.id, actor: null, after: userAuditSnapshot(user), metadata: { reason: 'demo seed' } });
      }
      await em.insert(SeedRunEntity, { name: step });
      this.log.log(`Seeded ${DEMO_USERS.length} demo accounts`);
      return true;
    });
  }
}

import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Failed sign-ins, for throttling only (the audit trail keeps the history). Kept in the
 * database so the limit holds across restarts and across server instances.
 */
@Entity('login_failure')
@Index('ix_login_failure_email', ['email', 'failedAt'])
@Index('ix_login_failure_ip', ['ip', 'failedAt'])
export class LoginFailureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'failed_at', type: 'timestamptz', default: () => 'now()' })
  failedAt!: Date;
}

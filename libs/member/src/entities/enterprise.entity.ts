import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RegionEntity } from '@crm/region';
import { EnterpriseSize } from './member.enums';

/** An enterprise (企业) run by members. Not personal data: every member reader reads it. */
@Entity('enterprise')
@Index('ux_enterprise_credit_code', ['creditCode'], { unique: true, where: `"credit_code" IS NOT NULL` })
@Index('ix_enterprise_sort', ['namePinyin', 'id'])
@Index('ix_enterprise_region', ['regionCode'])
@Index('ix_enterprise_industry', ['industryCode'])
// Hand-written in the migration:
@Index('ix_enterprise_name_trgm', { synchronize: false })
@Index('ix_enterprise_name_bigrams', { synchronize: false })
@Check('ck_enterprise_industry', `"industry_code" ~ '^([A-T]|[0-9]{2})$'`)
@Check('ck_enterprise_name', `char_length("name") >= 2`)
export class EnterpriseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'name_pinyin', type: 'text' })
  namePinyin!: string;

  /** search_bigrams(name), written by the trigger enterprise_search_keys: 2-character name searches. */
  @Column({ name: 'search_keys', type: 'text', array: true, default: () => "'{}'", select: false, insert: false, update: false })
  searchKeys?: string[];

  /** 统一社会信用代码 (GB 32100), 18 characters with its check character. */
  @Column({ name: 'credit_code', type: 'char', length: 18, nullable: true })
  creditCode!: string | null;

  /** GB/T 4754-2017: a section letter (C 制造业) or a two-digit division (38 电气机械和器材制造业). */
  @Column({ name: 'industry_code', type: 'varchar', length: 2, nullable: true })
  industryCode!: string | null;

  @Column({ name: 'region_code', type: 'char', length: 6, nullable: true })
  regionCode!: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_enterprise_region' })
  region?: RegionEntity;

  @Column({ type: 'enum', enum: EnterpriseSize, enumName: 'enterprise_size', nullable: true })
  size!: EnterpriseSize | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

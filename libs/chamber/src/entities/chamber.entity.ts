import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RegionEntity } from '@crm/region';
import { ChamberKind, ChamberLevel, ChamberStatus } from './chamber.enums';

/**
 * A chamber of commerce (商会). The hierarchy is `parent_id`; `ancestor_ids` (root first) and
 * `depth` are maintained by a database trigger that also refuses cycles and wrong levels, so
 * subtree and ancestor queries are one statement whatever the depth.
 */
@Entity('chamber')
@Index('ix_chamber_parent', ['parentId'])
@Index('ix_chamber_region', ['regionCode'])
@Index('ix_chamber_sort', ['namePinyin', 'id'])
@Index('ix_chamber_level', ['level', 'namePinyin', 'id'])
@Index('ix_chamber_kind', ['kind', 'namePinyin', 'id'])
@Index('ix_chamber_status', ['status', 'namePinyin', 'id'])
@Index('ix_chamber_province', ['provinceCode', 'namePinyin', 'id'])
@Index('ix_chamber_merged_into', ['mergedIntoId'])
// 一地一会: at most one active regional chamber per region.
@Index('ux_chamber_one_per_locality', ['regionCode'], { unique: true, where: `"status" = 'ACTIVE' AND "kind" = 'REGIONAL'` })
// The "1" of 1+31+X: at most one active national chamber (it has no region for 一地一会 to key on).
@Index('ux_chamber_one_national', ['level'], { unique: true, where: `"level" = 'NATIONAL' AND "status" = 'ACTIVE' AND "kind" = 'REGIONAL'` })
@Index('ux_chamber_live_name', ['name'], { unique: true, where: `"status" IN ('PREPARING', 'ACTIVE')` })
// Hand-written in the migration (GIN and trigram indexes):
@Index('ix_chamber_ancestors', { synchronize: false })
@Index('ix_chamber_search_trgm', { synchronize: false })
@Index('ix_chamber_search_bigrams', { synchronize: false })
@Check('ck_chamber_merged', `("status" = 'MERGED') = ("merged_into_id" IS NOT NULL)`)
@Check('ck_chamber_region', `"region_code" IS NOT NULL OR "level" = 'NATIONAL'`)
@Check('ck_chamber_not_own_parent', `"parent_id" IS NULL OR "parent_id" <> "id"`)
export class ChamberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'short_name', type: 'varchar', length: 40, nullable: true })
  shortName!: string | null;

  /** Text, not varchar: a 100-character name can have 600 letters of pinyin. */
  @Column({ name: 'name_pinyin', type: 'text' })
  namePinyin!: string;

  @Column({ name: 'name_initials', type: 'text' })
  nameInitials!: string;

  @Column({ type: 'enum', enum: ChamberLevel, enumName: 'chamber_level' })
  level!: ChamberLevel;

  @Column({ type: 'enum', enum: ChamberKind, enumName: 'chamber_kind' })
  kind!: ChamberKind;

  @Column({ name: 'region_code', type: 'char', length: 6, nullable: true })
  regionCode!: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'fk_chamber_region' })
  region?: RegionEntity;

  /** Two-digit province of the region (denormalised for the province filter and coverage). */
  @Column({ name: 'province_code', type: 'char', length: 2, nullable: true })
  provinceCode!: string | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_chamber_parent' })
  parent?: ChamberEntity;

  /** Ids of every ancestor, root first. Maintained by trigger; never written by the application. */
  @Column({ name: 'ancestor_ids', type: 'uuid', array: true, default: () => "'{}'" })
  ancestorIds!: string[];

  @Column({ type: 'integer', default: 0 })
  depth!: number;

  @Column({ type: 'enum', enum: ChamberStatus, enumName: 'chamber_status' })
  status!: ChamberStatus;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => ChamberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_chamber_merged_into' })
  mergedInto?: ChamberEntity;

  @Column({ name: 'founded_on', type: 'date', nullable: true })
  foundedOn!: string | null;

  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn!: string | null;

  /** 增挂牌子: an existing local chamber that also carries the home city's name. */
  @Column({ name: 'dual_branded', type: 'boolean', default: false })
  dualBranded!: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ name: 'contact_person', type: 'varchar', length: 50, nullable: true })
  contactPerson!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

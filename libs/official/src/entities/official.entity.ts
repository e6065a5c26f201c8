import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum OfficialLevel {
  City = 'CITY',
  County = 'COUNTY',
}

/**
 * An official (干部) of the home city or one of its counties: the people who visit, lead
 * campaign groups, answer opinions and are assigned to investment projects. `search_keys` is
 * written by the database trigger official_search_keys (the members' search_bigrams()).
 */
@Entity('official')
@Index('ix_official_sort', ['namePinyin', 'id'])
@Index('ix_official_county', ['countyCode', 'namePinyin', 'id'])
@Index('ix_official_level', ['level', 'namePinyin', 'id'])
@Index('ix_official_search_trgm', { synchronize: false })
@Index('ix_official_search_bigrams', { synchronize: false })
export class OfficialEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ name: 'name_pinyin', type: 'text' })
  namePinyin!: string;

  @Column({ name: 'name_initials', type: 'text' })
  nameInitials!: string;

  /** 职务, e.g. 副市长, 县委书记. */
  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** 单位, e.g. 市经合办, 瑞安市人民政府. */
  @Column({ type: 'varchar', length: 200 })
  unit!: string;

  @Column({ type: 'enum', enum: OfficialLevel, enumName: 'official_level' })
  level!: OfficialLevel;

  /** The county of a county-level official (null for city level): a CHECK holds the pair together. */
  @Column({ name: 'county_code', type: 'varchar', length: 6, nullable: true })
  countyCode!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

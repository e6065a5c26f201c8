import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RegionEntity } from '@crm/region';
import { UserEntity } from '@crm/user';
import { Gender, MemberDesignation, MemberSource, MemberStatus } from './member.enums';

/**
 * A merchant in the information base (温商). Personal data (ID number, phones) is stored in clear
 * and masked on the way out (member field resolvers). `completeness`/`missing_fields` are written
 * only by the SQL function refresh_member_quality().
 */
@Entity('member')
@Index('ux_member_id_number', ['idNumber'], { unique: true, where: `"id_number" IS NOT NULL AND "status" <> 'MERGED'` })
@Index('ix_member_sort', ['namePinyin', 'id'])
@Index('ix_member_registered', ['registeredAt', 'id'])
@Index('ix_member_completeness', ['completeness', 'id'])
@Index('ix_member_hometown', ['hometownCode', 'namePinyin', 'id'])
// The region filter is a code range (3101 → 310100–310199), which a plain btree serves.
@Index('ix_member_current_region', ['currentRegionCode', 'namePinyin', 'id'])
@Index('ix_member_status', ['status', 'namePinyin', 'id'])
@Index('ix_member_merged_into', ['mergedIntoId'])
// Hand-written in the migration (GIN, trigram, pattern-ops indexes):
@Index('ix_member_designations', { synchronize: false })
@Index('ix_member_tags', { synchronize: false })
@Index('ix_member_search_trgm', { synchronize: false })
@Index('ix_member_search_bigrams', { synchronize: false })
@Index('ix_member_phone_suffixes', { synchronize: false })
@Index('ix_member_chambers', { synchronize: false })
@Check('ck_member_merged', `("status" = 'MERGED') = ("merged_into_id" IS NOT NULL)`)
@Check('ck_member_not_merged_into_self', `"merged_into_id" IS NULL OR "merged_into_id" <> "id"`)
@Check('ck_member_name', `char_length("name") BETWEEN 2 AND 30`)
@Check('ck_member_phones', `cardinality("phones") <= 5`)
@Check('ck_member_tags', `cardinality("tags") <= 20`)
@Check('ck_member_completeness', `"completeness" BETWEEN 0 AND 100`)
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 30 })
  name!: string;

  /** Full pinyin, surnames read as surnames (单 shan, 曾 zeng): the sort key and a search key. */
  @Column({ name: 'name_pinyin', type: 'text' })
  namePinyin!: string;

  @Column({ name: 'name_initials', type: 'text' })
  nameInitials!: string;

  /**
   * The two-character keys of name, pinyin and initials (search_bigrams), for 2-character
   * searches; written by the database trigger member_search_keys, never by the application.
   */
  @Column({ name: 'search_keys', type: 'text', array: true, default: () => "'{}'", select: false, insert: false, update: false })
  searchKeys?: string[];

  /**
   * The chambers of the member's current memberships with all their ancestors, kept by database
   * triggers (memberships, chamber moves): "member of this chamber or one below it" is
   * `chamber_ids @> ARRAY[id]`, one GIN lookup.
   */
  @Column({ name: 'chamber_ids', type: 'uuid', array: true, default: () => "'{}'", select: false, insert: false, update: false })
  chamberIds?: string[];

  /** Every 4+ digit suffix of every phone (phone_suffixes), written by the same trigger. */
  @Column({ name: 'phone_keys', type: 'text', array: true, default: () => "'{}'", select: false, insert: false, update: false })
  phoneKeys?: string[];

  @Column({ type: 'enum', enum: Gender, enumName: 'gender', nullable: true })
  gender!: Gender | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  @Column({ name: 'id_number', type: 'varchar', length: 18, nullable: true })
  idNumber!: string | null;

  /** Normalised (see utils/phone.ts), the first is the main one. */
  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{}'" })
  phones!: string[];

  @Column({ type: 'varchar', length: 50, nullable: true })
  wechat!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** 籍贯: a county of the home city. */
  @Column({ name: 'hometown_code', type: 'char', length: 6, nullable: true })
  hometownCode!: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hometown_code', foreignKeyConstraintName: 'fk_member_hometown' })
  hometown?: RegionEntity;

  /** Where the member lives and works now: a province, prefecture or county. */
  @Column({ name: 'current_region_code', type: 'char', length: 6, nullable: true })
  currentRegionCode!: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_region_code', foreignKeyConstraintName: 'fk_member_current_region' })
  currentRegion?: RegionEntity;

  @Column({ type: 'enum', enum: MemberDesignation, enumName: 'member_designation', array: true, default: '{}' })
  designations!: MemberDesignation[];

  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'enum', enum: MemberSource, enumName: 'member_source', default: MemberSource.Manual })
  source!: MemberSource;

  /** Free text on where the record came from (a file name, a county's list of 2014 …). */
  @Column({ name: 'source_note', type: 'varchar', length: 200, nullable: true })
  sourceNote!: string | null;

  @Column({ name: 'registered_by', type: 'uuid', nullable: true })
  registeredBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'registered_by', foreignKeyConstraintName: 'fk_member_registered_by' })
  registeredByUser?: UserEntity;

  @Column({ name: 'registered_at', type: 'timestamptz', default: () => 'now()' })
  registeredAt!: Date;

  @Column({ type: 'enum', enum: MemberStatus, enumName: 'member_status', default: MemberStatus.Active })
  status!: MemberStatus;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_member_merged_into' })
  mergedInto?: MemberEntity;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  @Column({ type: 'smallint', default: 0 })
  completeness!: number;

  @Column({ name: 'missing_fields', type: 'text', array: true, default: () => "'{}'" })
  missingFields!: string[];

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

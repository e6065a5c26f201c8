import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A campaign (活动), e.g. 温商之春 2014: groups led by officials, each with people to visit. */
@Entity('campaign')
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('campaign_group')
export class CampaignGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'county_code', type: 'varchar', length: 6, nullable: true })
  countyCode!: string | null;
}

@Entity('campaign_group_leader')
export class CampaignGroupLeaderEntity {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @PrimaryColumn({ name: 'official_id', type: 'uuid' })
  officialId!: string;
}

/** One person or chamber a group is to visit; listed once per campaign (unique indexes). */
@Entity('campaign_assignment')
export class CampaignAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ name: 'chamber_id', type: 'uuid', nullable: true })
  chamberId!: string | null;

  /** A person outside the information base (an honouree's relative), by name. */
  @Column({ name: 'person_name', type: 'varchar', length: 100, nullable: true })
  personName!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;
}

/** What an honour is given to. */
export enum HonorSubjectKind {
  Member = 'MEMBER',
  Chamber = 'CHAMBER',
  Enterprise = 'ENTERPRISE',
}

/** The level of the body that awards it. */
export enum HonorLevel {
  National = 'NATIONAL',
  Provincial = 'PROVINCIAL',
  City = 'CITY',
  County = 'COUNTY',
}

/** 政治待遇, 经济实惠, 社会地位. */
export enum HonorBenefitKind {
  Political = 'POLITICAL',
  Economic = 'ECONOMIC',
  Social = 'SOCIAL',
}

/** A round: nominations open → published for public notice (公示) → confirmed into awards. */
export enum HonorRoundStatus {
  Nominating = 'NOMINATING',
  Published = 'PUBLISHED',
  Confirmed = 'CONFIRMED',
}

export enum HonorNominationStatus {
  Submitted = 'SUBMITTED',
  Shortlisted = 'SHORTLISTED',
  Approved = 'APPROVED',
  Rejected = 'REJECTED',
  Withdrawn = 'WITHDRAWN',
  Awarded = 'AWARDED',
}

/** Statuses that hold a place in the round's quota (the database's trigger lists the same). */
export const LIVE_NOMINATION_STATUSES: readonly HonorNominationStatus[] = [
  HonorNominationStatus.Submitted,
  HonorNominationStatus.Shortlisted,
  HonorNominationStatus.Approved,
  HonorNominationStatus.Awarded,
];

export enum HonorAwardStatus {
  Active = 'ACTIVE',
  Revoked = 'REVOKED',
}

export enum HonorBenefitStatus {
  Due = 'DUE',
  Delivered = 'DELIVERED',
  Declined = 'DECLINED',
  Lapsed = 'LAPSED',
}

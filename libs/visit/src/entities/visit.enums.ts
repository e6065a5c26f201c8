/** What a visit was (走访的形式). */
export enum VisitKind {
  /** 走商会、送服务: officials visit chambers and firms where they are. */
  Service = 'SERVICE',
  /** 慰问: condolence visits (the Spring Festival groups). */
  Condolence = 'CONDOLENCE',
  /** 座谈会 */
  Seminar = 'SEMINAR',
  /** 推介会 */
  Promotion = 'PROMOTION',
  /** 回乡投资考察: merchants coming home to inspect investment opportunities. */
  HomeInspection = 'HOME_INSPECTION',
  /** 引荐考察: an outside firm's delegation introduced by a chamber. */
  IntroducedDelegation = 'INTRODUCED_DELEGATION',
}

export enum VisitDirection {
  /** Officials go out to the chambers. */
  Outbound = 'OUTBOUND',
  /** Merchants or delegations come to the home city. */
  Inbound = 'INBOUND',
}

export enum FeedbackCategory {
  Policy = 'POLICY',
  Land = 'LAND',
  Finance = 'FINANCE',
  Talent = 'TALENT',
  /** 维权 / 纠纷 */
  Rights = 'RIGHTS',
  Services = 'SERVICES',
  Other = 'OTHER',
}

/** open → assigned → answered → closed; a closed one may be reopened (to assigned, or open without an assignee). */
export enum FeedbackStatus {
  Open = 'OPEN',
  Assigned = 'ASSIGNED',
  Answered = 'ANSWERED',
  Closed = 'CLOSED',
}

export const VISIT_KIND_ZH: Readonly<Record<VisitKind, string>> = {
  [VisitKind.Service]: '走商会送服务',
  [VisitKind.Condolence]: '慰问',
  [VisitKind.Seminar]: '座谈会',
  [VisitKind.Promotion]: '推介会',
  [VisitKind.HomeInspection]: '回乡投资考察',
  [VisitKind.IntroducedDelegation]: '引荐考察',
};

export const FEEDBACK_STATUS_ZH: Readonly<Record<FeedbackStatus, string>> = {
  [FeedbackStatus.Open]: '待交办',
  [FeedbackStatus.Assigned]: '已交办',
  [FeedbackStatus.Answered]: '已答复',
  [FeedbackStatus.Closed]: '已办结',
};

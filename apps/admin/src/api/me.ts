import { graphql, ResultOf } from './graphql';

/**
 * Who is signed in: what `me` answers, and what sign-in, refresh and password change return with
 * the tokens (AuthPayload.user), so restoring a session costs one request, not two.
 */
export const MeFields = graphql(`
  fragment AdminMeFields on User @_unmask {
    id email displayName role mustChangePassword scope { chamberId countyCode partyCommitteeId officialId }
  }
`);
export type Me = ResultOf<typeof MeFields>;

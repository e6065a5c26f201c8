import { Foundation1795314506055 } from './1795314506055-Foundation';
import { Chambers1795316225991 } from './1795316225991-Chambers';
import { SearchBigrams1795320000000 } from './1795320000000-SearchBigrams';
import { Members1795321546361 } from './1795321546361-Members';
import { MemberImports1795329203100 } from './1795329203100-MemberImports';
import { OneMemberWritePath1795340000000 } from './1795340000000-OneMemberWritePath';
import { ImportPendingRows1795340000001 } from './1795340000001-ImportPendingRows';
import { FasterSearchKeys1795340000002 } from './1795340000002-FasterSearchKeys';
import { SmallGinPendingLists1795340000003 } from './1795340000003-SmallGinPendingLists';
import { MemberIdentityChanges1795340000004 } from './1795340000004-MemberIdentityChanges';
import { CheaperSearchKeys1795340000005 } from './1795340000005-CheaperSearchKeys';
import { CallerChangeNotify1795350000000 } from './1795350000000-CallerChangeNotify';
import { Party1795360000000 } from './1795360000000-Party';
import { PartyMemberImports1795360000001 } from './1795360000001-PartyMemberImports';
import { OfficialsAndVisits1795370000000 } from './1795370000000-OfficialsAndVisits';
import { AssignmentGroupInCampaign1795370000001 } from './1795370000001-AssignmentGroupInCampaign';
import { CampaignImports1795375000000 } from './1795375000000-CampaignImports';
import { Honours1795380000000 } from './1795380000000-Honours';
import { HonourRevocationDate1795380000001 } from './1795380000001-HonourRevocationDate';
import { StoredFiles1795389000000 } from './1795389000000-StoredFiles';
import { Investment1795390000000 } from './1795390000000-Investment';
import { ProjectOfficialOnce1795390000001 } from './1795390000001-ProjectOfficialOnce';
import { InformationFlow1795400000000 } from './1795400000000-InformationFlow';
import { Integrations1795410000000 } from './1795410000000-Integrations';
import { ProjectChanges1795415000000 } from './1795415000000-ProjectChanges';
import { ChangeLogCompaction1795431000000 } from './1795431000000-ChangeLogCompaction';
import { ProjectNameSearch1795432000000 } from './1795432000000-ProjectNameSearch';

/** Every migration, in order. The CLI and the app both read this list. */
export const MIGRATIONS: Function[] = [
  Foundation1795314506055,
  Chambers1795316225991,
  SearchBigrams1795320000000,
  Members1795321546361,
  MemberImports1795329203100,
  OneMemberWritePath1795340000000,
  ImportPendingRows1795340000001,
  FasterSearchKeys1795340000002,
  SmallGinPendingLists1795340000003,
  MemberIdentityChanges1795340000004,
  CheaperSearchKeys1795340000005,
  CallerChangeNotify1795350000000,
  Party1795360000000,
  PartyMemberImports1795360000001,
  OfficialsAndVisits1795370000000,
  AssignmentGroupInCampaign1795370000001,
  CampaignImports1795375000000,
  Honours1795380000000,
  HonourRevocationDate1795380000001,
  StoredFiles1795389000000,
  Investment1795390000000,
  ProjectOfficialOnce1795390000001,
  InformationFlow1795400000000,
  Integrations1795410000000,
  ProjectChanges1795415000000,
  ChangeLogCompaction1795431000000,
  ProjectNameSearch1795432000000,
];

import { flowArea } from './flow';
import { investmentArea } from './investment';
import { officeArea } from './office';
import { partyArea } from './party';
import type { Area } from './types';

/** Every page area; the shell (App.tsx, AppLayout.tsx) takes routes and menu entries from here. */
export const AREAS: readonly Area[] = [partyArea, flowArea, investmentArea, officeArea];

import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const state = globalThis.__CRM_TEST_PG__;
  if (!state) return;
  await state.server.stop();
  await rm(state.root, { recursive: true, force: true });
}

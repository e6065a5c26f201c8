import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://localhost:3000';

// Built into dist/admin and served by the API process at /admin (apps/api/src/http/admin-ui.ts).
// `npm run start:dev` runs this dev server with a proxy to the API, so /graphql stays same-origin
// and the SameSite=Strict session cookie works as in production.
export default defineConfig({
  root,
  base: '/admin/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: Number(process.env.ADMIN_DEV_PORT ?? 5173),
    // Same origin in dev as in production: the API's routes go through to it (the session cookie is scoped to /graphql).
    proxy: {
      '/graphql': { target: api, changeOrigin: false },
      '/member-imports': api,
      '/members/export': api,
      '/health': api,
      '/investment': api,
      '/attachments': api,
      '^/notices/[^/]+/returns\\.xlsx$': api,
      '^/meetings/[^/]+/(delegates|sign-in)\\.xlsx$': api,
    },
  },
});

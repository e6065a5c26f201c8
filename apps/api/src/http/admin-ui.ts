import { INestApplication } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run build` puts the admin UI (Vite's output); ADMIN_UI_DIR points elsewhere. */
export function adminUiDir(): string {
  return process.env.ADMIN_UI_DIR ?? join(process.cwd(), 'dist', 'admin');
}

// The UI loads nothing from elsewhere. antd writes its styles at run time, hence 'unsafe-inline'
// for styles only; scripts are the bundle's own files.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the admin UI at /admin from the API process: hashed assets cached for a year, every
 * other path under /admin answered with index.html (the UI routes in the browser), and `/`
 * redirected to /admin/. /graphql, /health and /metrics are not touched. When the UI was not
 * built, /admin says so instead of a bare 404.
 */
export function installAdminUi(app: INestApplication, dir = adminUiDir()): void {
  const server = app.getHttpAdapter().getInstance() as express.Express;
  const index = join(dir, 'index.html');
  server.get('/', (_req: Request, res: Response) => res.redirect(302, '/admin/'));
  // Every answer under /admin carries the policy, index.html asked for by name and the assets included.
  server.use('/admin', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'same-origin');
    next();
  });
  server.use('/admin/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  // A missing (or refused, e.g. `..`) asset is a plain 404: never index.html, never a 500 with a stack.
  server.use('/admin/assets', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.status(404).type('text/plain; charset=utf-8').send('Not found');
  });
  server.use('/admin', express.static(dir, { index: false, maxAge: 0 }));
  server.use('/admin', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('cache-control', 'no-cache');
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('管理界面尚未构建：请运行 npm run build（或 npm start）。The admin UI is not built: run npm run build.');
      return;
    }
    res.sendFile(index);
  });
}

import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Extensions } from '@nestjs/graphql';
import { Permission } from '../permission.enum';

export const PERMISSION_KEY = 'crm:permission';
export const PUBLIC_KEY = 'crm:public';
/** The value a schema field's `extensions.permission` holds for operations open to anyone. */
export const PUBLIC_PERMISSION = 'public';

/**
 * States what a query, mutation or field resolver needs. The guard denies anything without
 * this (or @Public); the value is also written into the schema field's extensions so a test
 * can walk the schema and find operations that declare nothing.
 */
export function RequirePermission(permission: Permission): MethodDecorator {
  return applyDecorators(SetMetadata(PERMISSION_KEY, permission), Extensions({ permission }));
}

/** Open to unauthenticated callers (login, refreshToken). Use sparingly. */
export function Public(): MethodDecorator {
  return applyDecorators(SetMetadata(PUBLIC_KEY, true), Extensions({ permission: PUBLIC_PERMISSION }));
}

import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessService } from './access/access.service';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { CallerCache } from './caller-cache';
import { AccessGuard } from './guards/access.guard';

@Global()
@Module({
  imports: [PassportModule],
  providers: [AccessService, AccessGuard, CallerCache, ApiKeyAuthenticator],
  exports: [AccessService, AccessGuard, CallerCache, ApiKeyAuthenticator],
})
export class AuthModule {}

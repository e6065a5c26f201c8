import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessService } from './access/access.service';
import { AccessGuard } from './guards/access.guard';

@Global()
@Module({
  imports: [PassportModule],
  providers: [AccessService, AccessGuard],
  exports: [AccessService, AccessGuard],
})
export class AuthModule {}

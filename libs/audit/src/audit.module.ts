import { Global, Module } from '@nestjs/common';
import { AuditEventScope } from './access/audit-event.scope';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from './entities/audit-event.entity';
import { AuditResolver } from './resolvers/audit.resolver';
import { AuditService } from './services/audit.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditEventScope, AuditService, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}

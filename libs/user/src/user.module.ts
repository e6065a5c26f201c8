import { Module } from '@nestjs/common';
import { UserScope } from './access/user.scope';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginFailureEntity } from './entities/login-failure.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';
import { AuthResolver } from './resolvers/auth.resolver';
import { UserResolver } from './resolvers/user.resolver';
import { StaffResolver } from './resolvers/staff.resolver';
import { AuthService } from './services/auth.service';
import { CallerChangeListener } from './services/caller-change.listener';
import { PasswordService } from './services/password.service';
import { TokenService } from './services/token.service';
import { UserService } from './services/user.service';
import { JwtStrategy } from './strategies/jwt.strategy';

/** Accounts, sign-in and sessions: who the caller is. What they may do is @crm/auth's. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity, LoginFailureEntity]), JwtModule.register({})],
  providers: [UserScope, PasswordService, TokenService, AuthService, UserService, JwtStrategy, CallerChangeListener, AuthResolver, UserResolver, StaffResolver],
  exports: [UserService, PasswordService],
})
export class UserModule {}

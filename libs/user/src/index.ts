export * from './entities/user.entity';
export * from './entities/refresh-token.entity';
export * from './entities/login-failure.entity';
export * from './dtos/user.dto';
export * from './services/user.service';
export * from './services/password.service';
export * from './services/caller-change.listener';
export * from './user.module';

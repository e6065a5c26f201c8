export * from './entities/chamber.enums';
export * from './entities/chamber.entity';
export * from './entities/chamber-event.entity';
export * from './entities/chamber-term.entity';
export * from './entities/chamber-position.entity';
export * from './entities/guild-hall.entity';
export * from './chamber.module';

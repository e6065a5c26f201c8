export * from './entities/official.entity';
export * from './dtos/official.dto';
export * from './dtos/args/officials.args';
export * from './dtos/inputs/official.inputs';
export * from './services/official.service';
export * from './exceptions/official.errors';
export * from './access/official.scope';
export * from './official.module';

import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './libs/database/src/data-source-options';

/**
 * The data source the TypeORM CLI uses (`npm run migration:generate -- Name`). Entities are
 * found by file name so a new domain library needs no change here.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set; run the CLI through `npm run typeorm`, which starts the embedded database');

export default new DataSource({
  ...buildDataSourceOptions({ url }),
  entities: [`${__dirname}/libs/*/src/entities/*.entity.{ts,js}`],
});

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StoredFileChunkEntity, StoredFileEntity } from './entities/stored-file.entity';
import { FileStore } from './services/file-store';

/** Files kept in PostgreSQL (uploads, attachments): the only writer of stored_file and its chunks. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([StoredFileEntity, StoredFileChunkEntity])],
  providers: [FileStore],
  exports: [FileStore],
})
export class StorageModule {}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (TypeORM cannot express it): a bigram index for one- and two-character
 * searches. Trigram indexes need three characters, but Chinese names are searched by two
 * (苏州, 温商) and pinyin initials often are (wz). `search_bigrams()` is the shared mechanism;
 * a two-character term T matches exactly when `search_bigrams(text) @> ARRAY[lower(T)]`.
 */
export class SearchBigrams1795320000000 implements MigrationInterface {
  name = 'SearchBigrams1795320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION search_bigrams(value text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT pair), '{}')
        FROM (
          SELECT substr(s.v, i, 2) AS pair
          FROM (SELECT lower(value) AS v) AS s, generate_series(1, char_length(s.v) - 1) AS i
        ) AS pairs
        WHERE pair !~ '\\s'
      $$
    `);
    // The same text as ix_chamber_search_trgm, so both indexes answer the same question.
    await queryRunner.query(`
      CREATE INDEX "ix_chamber_search_bigrams" ON "chamber"
      USING gin (search_bigrams("name" || ' ' || coalesce("short_name", '') || ' ' || "name_pinyin" || ' ' || "name_initials"))
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_chamber_search_bigrams"`);
    await queryRunner.query(`DROP FUNCTION search_bigrams(text)`);
  }
}

import { ConfigError, loadConfig } from '../config/app-config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.SEED).toBeUndefined(); // demo data outside production only
    expect(config.HOME_REGION_CODE).toBe('330300');
    expect(config.JWT_SECRET).toHaveLength(64);
  });

  it('reads typed values from strings', () => {
    const config = loadConfig({ PORT: '4100', SEED: 'false', DATABASE_URL: 'postgres://u:p@db:5432/crm' });
    expect(config).toMatchObject({ PORT: 4100, SEED: false, DATABASE_URL: 'postgres://u:p@db:5432/crm' });
  });

  it('names every bad value in one error', () => {
    const found = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED: 'maybe', HOME_REGION_CODE: '3303', LOG_LEVEL: 'loud', JWT_SECRET: 'short' });
    expect(found).toHaveLength(6);
    expect(found.join('\n')).toMatch(/PORT="eighty"/);
    expect(found.join('\n')).toMatch(/DATABASE_URL="mysql:\/\/x": DATABASE_URL must look like postgres:/);
    expect(found.join('\n')).toMatch(/SEED="maybe": SEED must be true or false/);
    expect(found.join('\n')).toMatch(/HOME_REGION_CODE="3303"/);
    expect(found.join('\n')).toMatch(/LOG_LEVEL="loud"/);
    expect(found.join('\n')).toMatch(/JWT_SECRET must be at least 32 characters/);
  });

  it('requires a real secret in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET is required when NODE_ENV=production']);
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toEqual([]);
  });
});

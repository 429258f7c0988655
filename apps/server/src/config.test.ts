import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from './config.js';

const env = (v: Record<string, string>) => v as NodeJS.ProcessEnv;

describe('loadConfig: logging and the read replica', () => {
  it('logs at warn with no access log and no replica by default', () => {
    const c = loadConfig(env({}));
    expect(c.logLevel).toBe('warn');
    expect(c.accessLog).toBeUndefined();
    expect(c.databaseReplicaUrl).toBeUndefined();
  });

  it('reads LOG_LEVEL, XIAOAN_ACCESS_LOG (off, standard output or a file) and DATABASE_REPLICA_URL', () => {
    expect(loadConfig(env({ LOG_LEVEL: 'info' })).logLevel).toBe('info');
    for (const off of ['', '0', 'false', 'off']) expect(loadConfig(env({ XIAOAN_ACCESS_LOG: off })).accessLog).toBeUndefined();
    for (const on of ['1', 'true', 'stdout']) expect(loadConfig(env({ XIAOAN_ACCESS_LOG: on })).accessLog).toBe('stdout');
    expect(loadConfig(env({ XIAOAN_ACCESS_LOG: 'logs/access.log' })).accessLog).toEqual({ file: path.resolve('logs/access.log') });
    expect(loadConfig(env({ DATABASE_REPLICA_URL: 'postgres://xiaoan_app@standby/xiaoan' })).databaseReplicaUrl).toBe('postgres://xiaoan_app@standby/xiaoan');
  });
});

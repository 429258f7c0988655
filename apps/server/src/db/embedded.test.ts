import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { pidAlive, readOrCreateSecrets, readSuperuserPassword, stopOrphanPostgres } from './embedded.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'xiaoan-embedded-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('the embedded server\'s secrets', () => {
  it('live in two files of mode 600: the superuser password apart from the application role\'s', () => {
    const dir = tempDir();
    const s = readOrCreateSecrets(dir);
    expect(fs.readFileSync(path.join(dir, 'pg-superuser.secret'), 'utf8').trim()).toBe(s.superuserPassword);
    expect(fs.readFileSync(path.join(dir, 'pg-app.secret'), 'utf8').trim()).toBe(s.appPassword);
    expect(s.superuserPassword).not.toBe(s.appPassword);
    expect(mode(path.join(dir, 'pg-superuser.secret'))).toBe(0o600);
    expect(mode(path.join(dir, 'pg-app.secret'))).toBe(0o600);
    expect(readOrCreateSecrets(dir)).toEqual(s); // stable across starts
  });

  it('an old pg-secrets.json is split into the two files and deleted, keeping both passwords', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'pg-secrets.json'), JSON.stringify({ superuserPassword: 'su-old', appPassword: 'app-old' }), { mode: 0o600 });
    const said: string[] = [];
    expect(readOrCreateSecrets(dir, (m) => said.push(m))).toEqual({ superuserPassword: 'su-old', appPassword: 'app-old' });
    expect(fs.existsSync(path.join(dir, 'pg-secrets.json'))).toBe(false);
    expect(mode(path.join(dir, 'pg-superuser.secret'))).toBe(0o600);
    expect(said.join('\n')).toContain('拆分');
    expect(readSuperuserPassword(dir)).toBe('su-old');
  });

  it('an existing cluster without its superuser password is refused, not given a new one', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'pg'));
    fs.writeFileSync(path.join(dir, 'pg', 'PG_VERSION'), '18\n');
    expect(() => readOrCreateSecrets(dir)).toThrow(/缺少超级用户密码文件 pg-superuser.secret/);
  });
});

describe('a postmaster.pid left behind', () => {
  it('is removed when its PID is dead, or alive but not a PostgreSQL of this directory; that process is left alone', async () => {
    const dir = tempDir();
    const pgDir = path.join(dir, 'pg');
    fs.mkdirSync(pgDir);
    const pidFile = path.join(pgDir, 'postmaster.pid');
    const write = (pid: number) => fs.writeFileSync(pidFile, `${pid}\n${pgDir}\n1700000000\n54321\n/tmp\n127.0.0.1\n0 0\nready\n`);

    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    write(gone.pid!);
    const said: string[] = [];
    await stopOrphanPostgres(pgDir, (m) => said.push(m));
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(said[0]).toMatch(/已不存在/);

    // A reused PID: some other program now has it.
    const other = spawn('sleep', ['30']);
    try {
      write(other.pid!);
      await stopOrphanPostgres(pgDir, (m) => said.push(m));
      expect(fs.existsSync(pidFile)).toBe(false);
      expect(said[1]).toMatch(/现属其他程序/);
      expect(pidAlive(other.pid!)).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  });
});

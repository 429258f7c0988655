import path from 'node:path';
import { loadConfig } from './config.js';
import { startDatabase } from './db/start-database.js';
import { createDb, assertUnprivilegedRole } from './db/database.js';
import { buildApp } from './app.js';
import { seedDemoDistrict, DEMO_ACCOUNTS } from './demo/seed-demo.js';
import { isSetupRequired } from './features/auth/auth.service.js';
import { scheduleReminderSweep, type JobSchedule } from './jobs/scheduler.js';
import { FileStorage } from './features/files/file.storage.js';
import { ROLE_LABELS } from '@xiaoan/domain';

const say = (m: string) => process.stdout.write(`[校安] ${m}\n`);

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  const database = await startDatabase(config, say);
  let closing = false;
  const { db, pool } = createDb(database.appUrl);
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`收到 ${signal}，正在停止 …`);
    try {
      await jobs?.stop();
      await app?.close();
      await db.destroy();
    } finally {
      await database.stop();
      say('已停止。');
      process.exit(0);
    }
  };
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let jobs: JobSchedule | undefined;
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await assertUnprivilegedRole(pool);
  if (config.demo) {
    // With its hazard ledger; evidence pictures go where uploads go (see file.routes.ts).
    const seeded = await seedDemoDistrict(db, say, { ledger: { storage: new FileStorage(path.join(config.dataDir, 'files')) } });
    if (seeded) say('已创建演示区：常州市天宁区教育局（6 个督查小组及其负责学校）');
  }
  app = await buildApp({
    db,
    config,
    pingDb: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
  });
  await app.listen({ port: config.port, host: config.host });
  // Due-date reminders: shortly after start, then every N minutes (one instance at a time).
  jobs = scheduleReminderSweep(db, {
    intervalMinutes: config.reminderIntervalMinutes,
    onResult: (r) => {
      if (!r.skipped && r.notifications > 0) say(`整改时限提醒：发出 ${r.notifications} 条站内消息（涉及 ${r.hazards} 条隐患）`);
    },
    onError: (e) => say(`整改时限提醒任务失败：${e instanceof Error ? e.message : String(e)}`),
  });
  const url = `http://localhost:${config.port}`;
  say(`已启动：${url}（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
  if (config.demo) {
    say('演示账号（仅演示模式）：');
    for (const a of DEMO_ACCOUNTS) say(`  ${ROLE_LABELS[a.role].padEnd(8, '　')} ${a.username.padEnd(14)} ${a.password}   ${a.note}`);
  } else if (await isSetupRequired(db)) {
    say(`生产模式，数据库中还没有管理员：请在浏览器打开 ${url}/setup 创建第一个系统管理员。`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`[校安] 启动失败：${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

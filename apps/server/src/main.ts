import path from 'node:path';
import { loadConfig } from './config.js';
import { startDatabase } from './db/start-database.js';
import { createDb, assertUnprivilegedRole, retryWhileDbUnavailable } from './db/database.js';
import { describeError } from './db/pg-errors.js';
import { buildApp } from './app.js';
import { seedDemoDistrict, DEMO_ACCOUNTS } from './demo/seed-demo.js';
import { isSetupRequired } from './features/auth/setup.service.js';
import { scheduleReminderSweep, type JobSchedule } from './jobs/scheduler.js';
import { scheduleAuditAnchors } from './jobs/audit-anchor-job.js';
import { anchorsOf } from './features/audit/audit.service.js';
import { fileStorageFor } from './features/files/file.storage-config.js';
import { scheduleDailyBackup, type BackupSchedule } from './ops/backup-job.js';
import { ROLE_LABELS } from '@xiaoan/domain';

const say = (m: string) => process.stdout.write(`[校安] ${m}\n`);

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  const database = await startDatabase(config, say);
  let closing = false;
  const { db, pool } = createDb(database.appUrl);
  // The read replica, when configured: the dashboard, exports and roll-ups read there (docs/scaling.md).
  const replica = config.databaseReplicaUrl ? createDb(config.databaseReplicaUrl, 10, { readOnly: true }) : undefined;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`收到 ${signal}，正在停止 …`);
    try {
      await jobs?.stop();
      await backups?.stop();
      await anchors?.stop().catch(() => {});
      await app?.close();
      await db.destroy();
      await replica?.db.destroy();
    } finally {
      await database.stop();
      say('已停止。');
      process.exit(0);
    }
  };
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let jobs: JobSchedule | undefined;
  let backups: BackupSchedule | undefined;
  let anchors: { stop: () => Promise<void> } | undefined;
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await assertUnprivilegedRole(pool);
  if (replica) {
    await retryWhileDbUnavailable('连接只读副本', () => assertUnprivilegedRole(replica.pool), say);
    say('只读副本已连接（DATABASE_REPLICA_URL）：驾驶舱、导出、报送汇总与风险分布从副本读取');
  }
  if (config.demo) {
    // With its hazard ledger; evidence pictures go where uploads go (see file.routes.ts).
    // One transaction, a no-op once seeded: safe to run again if the database went away meanwhile.
    const seeded = await retryWhileDbUnavailable('写入演示数据', () => seedDemoDistrict(db, say, { ledger: { storage: fileStorageFor(config) } }), say);
    if (seeded) say('已创建演示区：常州市天宁区教育局（6 个督查小组及其负责学校）');
  }
  app = await buildApp({
    db,
    ...(replica ? { replicaDb: replica.db } : {}),
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
    onError: (e) => say(`整改时限提醒任务失败（稍后重试）：${describeError(e)}`),
  });
  if (config.backup.dir) {
    // The daily backup reads every table, so it connects as the owner/superuser, not as the app role.
    backups = scheduleDailyBackup(db, {
      adminUrl: database.adminUrl,
      filesDir: path.join(config.dataDir, 'files'),
      storage: fileStorageFor(config),
      dir: config.backup.dir,
      hour: config.backup.hour,
      keep: config.backup.keep,
      onResult: (r) => {
        if (r.ran) say(`每日备份完成：${r.file}（${(r.bytes / 1024 / 1024).toFixed(1)} MB，${r.seconds.toFixed(1)} 秒）${r.removed.length ? `，按保留份数删除了 ${r.removed.length} 份旧备份` : ''}`);
      },
      onError: (e) => say(`每日备份失败（30 分钟后重试）：${describeError(e)}`),
    });
    say(`每日备份已开启：每天北京时间 ${config.backup.hour} 点后备份到 ${config.backup.dir}，保留最近 ${config.backup.keep} 份`);
  }
  // The audit chain's head, copied out of the database at intervals (tamper evidence).
  anchors = scheduleAuditAnchors(db, anchorsOf(config), {
    intervalMinutes: config.auditAnchor.intervalMinutes,
    onError: (e) => say(`审计锚点写入失败：${e instanceof Error ? e.message : String(e)}`),
  });
  const url = `http://localhost:${config.port}`;
  say(`已启动：${url}（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
  if (config.demo) {
    say('演示账号（仅演示模式）：');
    for (const a of DEMO_ACCOUNTS) say(`  ${ROLE_LABELS[a.role].padEnd(8, '　')} ${a.username.padEnd(14)} ${a.password}   ${a.note}`);
  } else if (await isSetupRequired(db)) {
    say(`生产模式，数据库中还没有管理员：请在浏览器打开 ${url}/setup 创建第一个安全管理员。`);
  }
}

main().catch((e: unknown) => {
  // Never "undefined": the message, else the code, else String(e), and the cause chain.
  process.stderr.write(`[校安] 启动失败：${describeError(e)}\n`);
  process.exit(1);
});

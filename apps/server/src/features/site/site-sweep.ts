import { CANTEEN_POST_LABELS, PLAN_KIND_LABELS, SITE_EXPIRY_NOTICE_DAYS, addDays, shanghaiDate, siteDueStatus } from '@xiaoan/domain';
import type { Db } from '../../db/database.js';
import { openRegistryHazard, remindRegistry, type RegistrySweep } from '../registries/index.js';
import { openDangerousBuildingHazard } from './building.service.js';
import { findDangerousBuildings, findPlansDueBy, findStaffExpiringBy } from './site.repository.js';
import { SITE_KINDS } from './site.service.js';

/**
 * The site registries' daily watch (jobs/registry-sweep.ts), in Asia/Shanghai days:
 * - a canteen worker on duty whose health certificate expires within 30 days reminds the
 *   school's admins (once per expiry date); one whose certificate has expired opens a hazard
 *   (food safety, once per expiry date);
 * - an emergency plan whose revision falls due within 30 days reminds the admins, and again once
 *   it is past due (once per due date each);
 * - a D-grade building in use that has no hazard yet (written by an import or before this
 *   watch) gets its major, listed hazard.
 * Each record in its own transaction, so one bad record does not hold up the rest; a second run
 * on the same day finds nothing new.
 */
export const sweepSite: RegistrySweep = async (db: Db, now: Date) => {
  const today = shanghaiDate(now);
  const until = addDays(today, SITE_EXPIRY_NOTICE_DAYS);
  let reminders = 0;
  let hazards = 0;

  for (const s of await findStaffExpiringBy(db, until)) {
    const state = siteDueStatus(s.cert_expires_on, today);
    if (state === 'ok') continue;
    const who = `${CANTEEN_POST_LABELS[s.post]} ${s.name}`;
    await db.transaction().execute(async (trx) => {
      if (state === 'due_soon') {
        reminders += await remindRegistry(trx, {
          schoolId: s.school_id,
          kind: SITE_KINDS.staff,
          recordId: s.id,
          cause: `expiring:health:${s.cert_expires_on}`,
          title: `食堂从业人员 ${s.name} 的健康证将于 ${s.cert_expires_on} 到期`,
          body: `${s.school_name}：请安排 ${who} 在到期前体检换证，并在食堂从业人员台账中更新有效期。`,
          link: `/registries/site/canteen-staff/${s.id}`,
        });
        return;
      }
      const r = await openRegistryHazard(
        trx,
        {
          schoolId: s.school_id,
          kind: SITE_KINDS.staff,
          recordId: s.id,
          cause: `expired:health:${s.cert_expires_on}`,
          label: `食堂从业人员 ${s.name}`,
          title: `食堂从业人员 ${s.name} 健康证已过期（${s.cert_expires_on}）`,
          description: `${who}（健康证 ${s.cert_no}）的健康证有效期至 ${s.cert_expires_on}，已过期，不符合持证上岗要求。请立即暂停其接触直接入口食品的工作，体检换证后更新台账。`,
          location: '学校食堂',
          domain: 'food',
          grade: 'general',
        },
        now,
      );
      if (r.created) hazards += 1;
    });
  }

  for (const p of await findPlansDueBy(db, until)) {
    const overdue = p.revision_due_on < today;
    await db.transaction().execute(async (trx) => {
      reminders += await remindRegistry(trx, {
        schoolId: p.school_id,
        kind: SITE_KINDS.plan,
        recordId: p.id,
        cause: `${overdue ? 'revision-overdue' : 'revision-due'}:${p.revision_due_on}`,
        title: overdue ? `应急预案“${p.title}”已超过修订期限（${p.revision_due_on}）` : `应急预案“${p.title}”应于 ${p.revision_due_on} 前修订`,
        body: `${p.school_name}：${PLAN_KIND_LABELS[p.kind]}（${p.version_label}，上次修订 ${p.revised_on}，每 ${p.revision_months} 个月修订一次）。修订后在应急预案台账中登记新版本和修订日期。`,
        link: `/registries/site/emergency-plans/${p.id}`,
      });
    });
  }

  for (const b of await findDangerousBuildings(db)) {
    await db.transaction().execute(async (trx) => {
      const r = await openDangerousBuildingHazard(trx, { id: b.id, schoolId: b.school_id, name: b.name, use: b.use, appraisedOn: b.appraised_on, reportNo: b.report_no }, now);
      if (r.created) hazards += 1;
    });
  }
  return { reminders, hazards };
};

import { addDays, countDueCause, countMissedCause, monthlyCountState, shanghaiDate } from '@xiaoan/domain';
import type { Db } from '../../db/database.js';
import { openRegistryHazard, remindRegistry, type RegistrySweep } from '../registries/index.js';
import { findControlledStores } from './chemical.repository.js';
import { STORE_KIND, storePagePath } from './chemical-store.service.js';

/**
 * The chemicals' daily watch (jobs/registry-sweep.ts): a store or cabinet holding a controlled
 * chemical (剧毒、易制毒、易制爆) owes a count every calendar month (Beijing). From the 20th of a
 * month without one, the school's admins are reminded (once per month); a whole past month
 * without one opens a hazard at the school (once per month, by the bureau's watch account).
 * Each store in its own transaction. Mismatches themselves open their hazard when counted.
 */
export const sweepChemicals: RegistrySweep = async (db: Db, now: Date) => {
  const today = shanghaiDate(now);
  let reminders = 0;
  let hazards = 0;
  const since = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  for (const st of await findControlledStores(db, since)) {
    const state = monthlyCountState({ today, countedMonths: new Set(st.counted_months), createdOn: st.created_on });
    if (!state.remind && !state.missed) continue;
    await db.transaction().execute(async (trx) => {
      if (state.remind) {
        reminders += await remindRegistry(trx, {
          schoolId: st.unit_id,
          kind: STORE_KIND,
          recordId: st.id,
          cause: countDueCause(state.remind),
          title: `${st.name} 本月（${state.remind}）尚未盘点`,
          body: `${st.school_name}：存放剧毒、易制毒或易制爆化学品的库房（柜）须每月盘点，请在月底前完成。`,
          link: storePagePath(st.id),
        });
      }
      if (state.missed) {
        const r = await openRegistryHazard(
          trx,
          {
            schoolId: st.unit_id,
            kind: STORE_KIND,
            recordId: st.id,
            cause: countMissedCause(state.missed),
            label: `危化品库房（柜） ${st.name}`,
            title: `${st.name} ${state.missed} 未盘点危化品`,
            description: `${st.school_name}“${st.name}”存放剧毒、易制毒或易制爆化学品，${state.missed} 整月没有盘点记录，不符合每月盘点、账物相符的要求。请立即盘点并在危化品台账中登记。`,
            domain: 'lab_chemicals',
            grade: 'general',
          },
          now,
        );
        if (r.created) hazards += 1;
      }
    });
  }
  return { reminders, hazards };
};

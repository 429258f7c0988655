import type { DbOrTrx } from '../../db/database.js';
import type { NoticeAnswerReturnedEvent, NoticeIssuedEvent } from '../../kernel/events.js';
import { findActiveSchoolAdmins } from './notice.repository.js';

/**
 * The notification of an issued notice (通报), for the one notifier (kernel/notifier.ts): the
 * active school admins of each named school are told, once per notice (dedupe key).
 */

type NewNotification = { userId: string; kind: string; title: string; body?: string; hazardId?: string | null; dedupeKey: string };

export async function noticeIssuedNotifications(db: DbOrTrx, n: NoticeIssuedEvent['notice']): Promise<NewNotification[]> {
  const rows: NewNotification[] = [];
  const what = n.category === 'commendation' ? '通报表扬' : '通报批评';
  const ask = n.ordersRectification && n.answerDueDate ? `本通报责令整改，请于 ${n.answerDueDate} 前在“通报”中报送整改报告。` : '请在“通报”中查看。';
  const admins = await findActiveSchoolAdmins(db, n.unitIds);
  for (const unitId of n.unitIds) {
    for (const userId of admins.get(unitId) ?? []) {
      rows.push({ userId, kind: 'notice_issued', title: `${what}：${n.title}`, body: `教育局印发《${n.title}》（${n.docNumber}），点名本单位。${ask}`, dedupeKey: `notice_issued:${n.id}:${unitId}` });
    }
  }
  return rows;
}

/** A returned rectification report: the unit's active school admins are told why, once per return (the answer's review time keys it). */
export async function noticeAnswerReturnedNotifications(db: DbOrTrx, a: NoticeAnswerReturnedEvent['answer'], at = new Date()): Promise<NewNotification[]> {
  const admins = await findActiveSchoolAdmins(db, [a.unitId]);
  const due = a.answerDueDate ? `，请修改后于 ${a.answerDueDate} 前重新报送` : '，请修改后重新报送';
  return (admins.get(a.unitId) ?? []).map((userId) => ({
    userId,
    kind: 'notice_answer_returned',
    title: `整改报告被退回：${a.title}`,
    body: `教育局退回了本单位对《${a.title}》（${a.docNumber}）的整改报告。意见：${a.comment}${due}。`,
    dedupeKey: `notice_answer_returned:${a.noticeId}:${a.unitId}:${at.getTime()}`,
  }));
}

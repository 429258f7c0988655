/** The invariants: what every stored hazard satisfies, whatever actions led to it. */
import { isCalendarDate } from './deadline.js';
import { HAZARD_STATE_LABELS, currentListing, type Hazard } from './hazard.types.js';

/**
 * The rules every stored hazard satisfies, as Chinese messages (empty when sound).
 * The property tests hold `applyAction` to them; the server may check imported rows.
 */
export function hazardInvariantViolations(h: Hazard): string[] {
  const v: string[] = [];
  const registered = h.registeredAt !== null;
  const commitments = [h.owner, h.measures, h.fundsFen, h.dueDate, h.contingencyPlan];
  if (!isCalendarDate(h.foundAt)) v.push('发现日期无效');
  if (registered) {
    if (commitments.some((c) => c === null || c === '')) v.push('已登记的隐患缺少整改五落实');
    if (h.fundsFen !== null && (!Number.isSafeInteger(h.fundsFen) || h.fundsFen < 0)) v.push('整改资金无效');
    if (h.dueDate !== null && (!isCalendarDate(h.dueDate) || h.dueDate < h.foundAt)) v.push('整改时限早于发现日期或无效');
    if (h.grade === 'major' && (!h.interimControls || !h.watcher)) v.push('重大隐患缺少临时管控措施或专人盯防');
  } else {
    if (commitments.some((c) => c !== null)) v.push('未登记的隐患不应有整改五落实');
    if (h.state === 'registered' || h.state === 'rectifying') v.push(`未登记的隐患不能处于"${HAZARD_STATE_LABELS[h.state]}"`);
    if ((h.state === 'pending_verification' || h.state === 'closed') && (!h.fixedOnSpot || h.grade !== 'general')) {
      v.push('只有立行立改的一般隐患可以不登记而验收');
    }
  }
  if ((h.state === 'rejected') !== (h.rejection !== null)) v.push('不予登记的状态与原因不一致');
  if (h.state === 'pending_verification' || h.state === 'closed') {
    if (h.rectifiedBy === null) v.push('待验收或已销号的隐患缺少整改人');
    if (h.evidence.length === 0) v.push('待验收或已销号的隐患缺少整改材料');
  }
  if (h.state === 'closed') {
    if (h.closedBy === null || h.closedAt === null) v.push('已销号的隐患缺少销号人');
    if (h.closedBy !== null && h.rectifiedBy !== null && h.closedBy.userId === h.rectifiedBy.userId) v.push('销号人与整改人相同');
    if (currentListing(h) !== null) v.push('已销号的隐患仍在挂牌督办');
  } else if (h.closedBy !== null || h.closedAt !== null) {
    v.push('未销号的隐患有销号记录');
  }
  if (h.listings.slice(0, -1).some((l) => l.delistedAt === null)) v.push('同时有多个挂牌督办');
  if (h.extensions.slice(0, -1).some((x) => x.decision === null)) v.push('同时有多个待审批的延期申请');
  return v;
}


import type { MovementRow } from './chemical.repository.js';

/** Who a movement names, in one line (the export's 经手人与用途 column). */
export function movementPeopleText(m: MovementRow): string {
  switch (m.kind) {
    case 'purchase':
      return `审批：${m.approver_a ?? ''}、${m.approver_b ?? ''}${m.supplier ? `；供货：${m.supplier}` : ''}`;
    case 'receive':
      return `验收：${m.received_by ?? ''}${m.note ? `；${m.note}` : ''}`;
    case 'withdraw':
      return `${m.teacher ?? ''}${m.second_person ? `、${m.second_person}` : ''}：${m.lesson ?? ''}`;
    case 'return':
      return `${m.teacher ?? ''} 归还`;
    case 'dispose':
      return `${m.contractor ?? ''}；联单 ${m.manifest_no ?? ''}`;
  }
}

import { Tag } from 'antd';
import { CHEMICAL_CLASS_LABELS, CHEMICAL_MOVEMENT_KIND_LABELS, formatQuantity, type ChemicalClass, type ChemicalMovementKind } from '@xiaoan/domain';
import type { ChemicalMovementT } from '../../../api/chemicals';

const CLASS_COLORS: Record<ChemicalClass, string> = { highly_toxic: 'red', precursor: 'volcano', explosive_precursor: 'orange', general: 'blue' };
const KIND_COLORS: Record<ChemicalMovementKind, string> = { purchase: 'purple', receive: 'green', withdraw: 'gold', return: 'cyan', dispose: 'default' };

export function ChemicalClassTag({ value }: { value: ChemicalClass }) {
  return <Tag color={CLASS_COLORS[value]}>{CHEMICAL_CLASS_LABELS[value]}</Tag>;
}

export function MovementKindTag({ value }: { value: ChemicalMovementKind }) {
  return <Tag color={KIND_COLORS[value]}>{CHEMICAL_MOVEMENT_KIND_LABELS[value]}</Tag>;
}

/** A quantity with its unit, signed for the book ("+500 mL", "−120.5 mL"); a purchase moves nothing. */
export function signedQuantity(m: Pick<ChemicalMovementT, 'kind' | 'quantity' | 'unit'>): string {
  const q = formatQuantity(m.quantity, m.unit);
  if (m.kind === 'purchase') return `${q}（待入库）`;
  return m.kind === 'receive' || m.kind === 'return' ? `+${q}` : `−${q}`;
}

/** Who a movement names, in one line: the approvers, the receiver, the teacher and lesson, the contractor. */
export function movementPeople(m: ChemicalMovementT): string {
  switch (m.kind) {
    case 'purchase':
      return `审批：${m.approverA ?? ''}、${m.approverB ?? ''}${m.supplier ? `；供货：${m.supplier}` : ''}`;
    case 'receive':
      return `验收：${m.receivedBy ?? ''}${m.purchaseId ? `；采购 #${m.purchaseId}` : ''}`;
    case 'withdraw':
      return `${m.teacher ?? ''}${m.secondPerson ? `、${m.secondPerson}` : ''}：${m.lesson ?? ''}`;
    case 'return':
      return `${m.teacher ?? ''} 归还（领用 #${m.withdrawalId ?? ''}）`;
    case 'dispose':
      return `${m.contractor ?? ''}；联单 ${m.manifestNo ?? ''}`;
  }
}

export const isSchoolSide = (role: string) => role === 'school_admin' || role === 'school_staff';

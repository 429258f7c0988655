/**
 * Risk notice cards (风险告知卡, GET /api/risk-cards) and the district's risk picture (风险分布,
 * GET /api/risk-distribution), typed by their contract (packages/contracts/src/risk-picture.ts).
 */
import { useQuery } from '@tanstack/react-query';
import type { RiskCards, RiskCardsQuery, RiskDistribution, RiskDistributionQuery } from '@xiaoan/contracts';
import { api } from './client';
import { keys } from './keys';

export type { RiskCard, RiskCards, RiskDistribution, RiskHeatCell } from '@xiaoan/contracts';

export const riskPictureApi = {
  cards: (q: RiskCardsQuery, signal?: AbortSignal) => api.get<RiskCards>('/api/risk-cards', q, signal),
  distribution: (q: RiskDistributionQuery, signal?: AbortSignal) => api.get<RiskDistribution>('/api/risk-distribution', q, signal),
  /** The print view of one point's card, or of all the school's cards. */
  cardsPath: (q: RiskCardsQuery & { size?: 'A4' | 'A5' }) => {
    const p = new URLSearchParams();
    if (q.schoolId) p.set('schoolId', q.schoolId);
    if (q.pointId) p.set('pointId', q.pointId);
    if (q.size) p.set('size', q.size);
    const s = p.toString();
    return `/risks/cards${s ? `?${s}` : ''}`;
  },
};

export function useRiskCards(q: RiskCardsQuery, enabled = true) {
  return useQuery({ queryKey: keys.riskPicture.cards(q), queryFn: ({ signal }) => riskPictureApi.cards(q, signal), enabled });
}

export function useRiskDistribution(q: RiskDistributionQuery) {
  return useQuery({ queryKey: keys.riskPicture.distribution(q), queryFn: ({ signal }) => riskPictureApi.distribution(q, signal) });
}

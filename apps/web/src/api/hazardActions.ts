import { HAZARD_ACTION_PATHS } from '@xiaoan/contracts';
import { api } from './client';
import type { HazardActionBody, HazardDetail, HazardRouteAction } from './types';

// The contracts' runtime values bring TypeBox along: only the action modal (loaded with the
// detail page) imports this module, so the list and home pages load without it.

export { HAZARD_ACTION_PATHS };

/** POST /api/hazards/:id/<action>; the body carries the version that was read. */
export function postHazardAction<A extends HazardRouteAction>(id: string, action: A, body: HazardActionBody<A>): Promise<HazardDetail> {
  return api.post<HazardDetail>(`/api/hazards/${id}/${HAZARD_ACTION_PATHS[action]}`, body);
}

import type { ScopeFeature } from './types.js';

/** The dashboard feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
// GET /api/dashboard names no :id resource and has no writes; its unitId/teamId scope checks are in dashboard.routes.test.ts.
export const dashboardScope: ScopeFeature = {};

import type { ScopeFeature } from './types.js';
import { inspectionsScope } from './inspections.js';
import { campaignsScope } from './campaigns.js';
import { reportsScope } from './reports.js';

/** Every feature's contribution to the scope matrix. Add one import per feature. */
export const SCOPE_FEATURES: ScopeFeature[] = [inspectionsScope, campaignsScope, reportsScope];

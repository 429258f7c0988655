import type { ScopeFeature } from './types.js';
import { inspectionsScope } from './inspections.js';

/** Every feature's contribution to the scope matrix. Add one import per feature. */
export const SCOPE_FEATURES: ScopeFeature[] = [inspectionsScope];

import type { ScopeFeature } from './types.js';
import { inspectionsScope } from './inspections.js';
import { campaignsScope } from './campaigns.js';
import { reportsScope } from './reports.js';
import { dashboardScope } from './dashboard.js';
import { noticesScope } from './notices.js';
import { talksScope } from './talks.js';
import { assessmentScope } from './assessment.js';
import { measuresScope } from './measures.js';
import { risksScope } from './risks.js';
import { guardsScope } from './guards.js';
import { siteScope } from './site.js';
import { fleetScope } from './fleet.js';
import { chemicalsScope } from './chemicals.js';

/** Every feature's contribution to the scope matrix. Add one import per feature. */
export const SCOPE_FEATURES: ScopeFeature[] = [inspectionsScope, campaignsScope, reportsScope, dashboardScope, noticesScope, talksScope, assessmentScope, risksScope, measuresScope, guardsScope, siteScope, fleetScope, chemicalsScope];

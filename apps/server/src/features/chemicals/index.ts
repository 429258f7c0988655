/**
 * What the chemicals registry offers others: its daily watch (jobs/registry-sweep.ts) and the
 * registry kind of the hazards it opens.
 */
export { sweepChemicals } from './chemical-watch.js';
export { STORE_KIND as CHEMICAL_STORE_REGISTRY_KIND, storePagePath as chemicalStorePagePath } from './chemical-store.service.js';

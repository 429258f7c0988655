/**
 * The tables of the notices feature (see features/notices/README.md), merged into `Database`
 * in schema.ts. Kept apart so that each feature's tables are read in one place.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type NoticeTables = {};

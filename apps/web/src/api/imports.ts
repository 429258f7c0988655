/**
 * Excel imports with a column-mapping step, besides the ledger's (api/hazards.ts `ledgerImport`):
 * a checklist into the checklist library, as a new checklist or a new version of one.
 * The form carries the file and the optional `mapping`; the query says what it becomes.
 */
import type { ChecklistDetail, ChecklistImportPreview, ChecklistImportQuery } from '@xiaoan/contracts';
import { request } from './client';

export type { ChecklistImportPreview, ChecklistImportQuery } from '@xiaoan/contracts';

export const checklistImport = {
  preview: (query: ChecklistImportQuery, form: FormData) => request<ChecklistImportPreview>('/api/checklists/import/preview', { method: 'POST', query, form }),
  commit: (query: ChecklistImportQuery, form: FormData) => request<ChecklistDetail>('/api/checklists/import/commit', { method: 'POST', query, form }),
};

/** What other parts of the server use of reporting: the reads behind the reminder sweep. */
export { findActiveReportTypes, findCampaignStages } from './report-type.repository.js';
export { findExpected } from './completeness.repository.js';
export { scheduleOf } from './report.presenter.js';
export { findSubmissionInScope } from './submission.repository.js';
export { findReportTypeInScope } from './report-type.repository.js';
export { completeness } from './completeness.service.js';

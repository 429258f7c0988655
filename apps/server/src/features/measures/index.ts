/** What the due-date sweep uses of the measure list: the measures due on given days. */
export { findMeasuresDueOn, type DueMeasureRow } from './measure.repository.js';

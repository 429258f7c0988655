/**
 * Calendar dates and deadlines of hazards: the domain calendar (calendar/calendar-date.ts)
 * under the names the hazard code, the server and the web have always imported from here.
 * Due 'YYYY-MM-DD' means by the end of that day in Asia/Shanghai, inclusive.
 */
export {
  addDays,
  daysUntilDue,
  dueDeadline,
  formatYmd,
  isCalendarDate,
  isOverdue,
  isValidYmd,
  shanghaiDate,
} from '../calendar/calendar-date.js';

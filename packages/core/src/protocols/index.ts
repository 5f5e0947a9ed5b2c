/**
 * Program templates (5-day retreat, six-infusion series, maintenance session), their measurement
 * schedules, and schedule generation against a site calendar.
 *
 * @module protocols
 */
export {
  MEASURE_INSTRUMENT_IDS,
  PROGRAM_TEMPLATES,
  findProgramTemplate,
  infusionSeries6Template,
  isProgramTemplateId,
  maintenance1Template,
  retreat5DayTemplate,
  type FollowUpOffset,
  type MeasureInstrumentId,
  type MeasurePurpose,
  type ProgramEventKind,
  type ProgramRole,
  type ProgramRoleWindow,
  type ProgramTemplate,
  type ProgramTemplateId,
  type TemplateEvent,
  type TemplateMeasure,
  type TemplateRoleNeed,
} from './templates.js';
export {
  START_SEARCH_HORIZON_DAYS,
  ScheduleError,
  checkProgramStart,
  defaultScheduleConfig,
  generateSchedule,
  scheduleGenerationRule,
  type PlannedInfusion,
  type ProgramSchedule,
  type ScheduleConfig,
  type ScheduleErrorCode,
  type ScheduledEvent,
  type ScheduledMeasure,
  type StaffWindow,
  type StartCheck,
} from './schedule.js';
export {
  findBookingClashes,
  type BookedEvent,
  type BookedStaff,
  type BookingClash,
  type BookingClashInput,
  type BookingClashRule,
  type ClashWindow,
  type ProposedEvent,
  type StaffBooking,
} from './booking-clashes.js';

export { PatientSchedule } from './patient-schedule';
export { ScheduleRoutes } from './schedule-routes';

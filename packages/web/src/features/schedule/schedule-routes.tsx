import { Route, Routes } from 'react-router';
import { CohortPage } from './cohort-page';
import { SchedulePage } from './schedule-page';

/** Everything under /schedule. */
export function ScheduleRoutes() {
  return (
    <Routes>
      <Route index element={<SchedulePage />} />
      <Route path="cohort" element={<CohortPage />} />
      <Route path="*" element={<SchedulePage />} />
    </Routes>
  );
}

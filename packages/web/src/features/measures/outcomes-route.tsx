import { lazyPage } from '../../ui/lazy-page';
import { SectionGate } from '../shell/section-gate';

/** The outcome view's code (with its charts) loads only when it is opened. */
const OutcomesPage = lazyPage(() => import('./outcomes-page').then((m) => m.default));

/** /patients/:id/outcomes: for the roles that read outcomes (the Outcomes section: director, prescriber, therapist). */
export function OutcomesRoute() {
  return (
    <SectionGate section="outcomes">
      <OutcomesPage />
    </SectionGate>
  );
}

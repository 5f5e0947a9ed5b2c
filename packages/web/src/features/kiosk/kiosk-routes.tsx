import { Route } from 'react-router';
import { lazyPage } from '../../ui/lazy-page';

const kiosk = () => import('./kiosk-page');
const KioskLayout = lazyPage(() => kiosk().then((m) => m.KioskLayout));
const KioskPage = lazyPage(() => kiosk().then((m) => m.KioskPage));
const PortalQuestionnairePage = lazyPage(() => import('../portal/portal-questionnaire-page').then((m) => m.PortalQuestionnairePage));

/** /kiosk: the clinic tablet handed to a patient (its own portal session; no staff or portal navigation). */
export function kioskRoutes() {
  return (
    <Route path="kiosk" element={<KioskLayout />}>
      <Route index element={<KioskPage />} />
      <Route path="questionnaires/:key" element={<PortalQuestionnairePage />} />
      <Route path="*" element={<KioskPage />} />
    </Route>
  );
}

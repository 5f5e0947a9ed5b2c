import './zod-jitless';
import './mantine-styles';
import './print.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, createRoutesFromElements, matchRoutes, Outlet, Route, Routes, useLocation } from 'react-router';
import { queryClient } from './api/query-client';
import { cspNonce, shareCspNonce } from './csp-nonce';
import { RequireSignIn } from './features/sign-in/require-sign-in';
import { SignInProvider } from './features/sign-in/sign-in-context';
import { portalRoutes } from './features/portal/portal-routes';
import { kioskRoutes } from './features/kiosk/kiosk-routes';
import { settingsRoutes } from './features/settings/settings-routes';
import { ComingSoon } from './features/shell/coming-soon';
import { HomeRedirect, SectionGate } from './features/shell/section-gate';
import { SECTIONS } from './features/shell/sections';
import { lazyPage, preloadElement } from './ui/lazy-page';
import { kairosTheme, readableVariables } from './ui/theme';

// Every page is fetched with its route (ui/lazy-page.tsx): this entry holds only the frame every
// route needs (providers, sign-in state, section gates), so the sign-in page and the portal do not
// download the staff app.
const SignInPage = lazyPage(() => import('./features/sign-in/sign-in-page').then((m) => m.SignInPage));
const AccountSecurityPage = lazyPage(() => import('./features/sign-in/account-security-page').then((m) => m.AccountSecurityPage));
const KairosShell = lazyPage(() => import('./features/shell/app-shell').then((m) => m.KairosShell));
const TodayPage = lazyPage(() => import('./features/today/today-page').then((m) => m.TodayPage));
const DosingSessionConsolePage = lazyPage(() =>
  import('./features/dosing-session/dosing-session-console-page').then((m) => m.DosingSessionConsolePage),
);
const DischargeInstructionsPage = lazyPage(() =>
  import('./features/dosing-session/discharge-instructions-page').then((m) => m.DischargeInstructionsPage),
);
const AdverseEventLogPage = lazyPage(() => import('./features/adverse-events/adverse-event-log-page').then((m) => m.AdverseEventLogPage));
const InfusionRecordPage = lazyPage(() => import('./features/dosing-session/infusion-record-page').then((m) => m.InfusionRecordPage));
const InventoryPage = lazyPage(() => import('./features/inventory/inventory-page').then((m) => m.InventoryPage));
const ReviewQueuePage = lazyPage(() => import('./features/adverse-events/review-queue-page').then((m) => m.ReviewQueuePage));
const PatientListPage = lazyPage(() => import('./features/patients/patient-list-page').then((m) => m.PatientListPage));
const PatientPage = lazyPage(() => import('./features/patients/patient-page').then((m) => m.PatientPage));
const PatientBillingPage = lazyPage(() => import('./features/billing/patient-billing-page').then((m) => m.PatientBillingPage));
const OutcomesRoute = lazyPage(() => import('./features/measures/outcomes-route').then((m) => m.OutcomesRoute));
const ScreeningPage = lazyPage(() => import('./features/screening/screening-page').then((m) => m.ScreeningPage));
const ScreeningPrintPage = lazyPage(() => import('./features/screening/screening-print-page').then((m) => m.ScreeningPrintPage));
const NotePage = lazyPage(() => import('./features/notes/note-page').then((m) => m.NotePage));
const ScheduleRoutes = lazyPage(() => import('./features/schedule/schedule-routes').then((m) => m.ScheduleRoutes));
const ProgramOutcomesPage = lazyPage(() => import('./features/outcomes/program-outcomes-page').then((m) => m.ProgramOutcomesPage));

function NotFound() {
  return <ComingSoon title="Page not found" text="nothing: this address is not a Kairos page." />;
}

/** Sections with no page yet say what will be there. */
const COMING = SECTIONS.filter((s) => !['today', 'patients', 'settings', 'schedule', 'inventory', 'outcomes'].includes(s.id));

const routes = (
  <>
    <Route path="sign-in" element={<SignInPage />} />
    {portalRoutes()}
    {kioskRoutes()}
    <Route
      path="sessions/:id/discharge-instructions"
      element={
        <RequireSignIn>
          <SectionGate section="today">
            <DischargeInstructionsPage />
          </SectionGate>
        </RequireSignIn>
      }
    />
    <Route
      path="sessions/:id/record"
      element={
        <RequireSignIn>
          <SectionGate section="today">
            <InfusionRecordPage />
          </SectionGate>
        </RequireSignIn>
      }
    />
    <Route
      path="patients/:pid/enrollments/:eid/screening/print"
      element={
        <RequireSignIn>
          <SectionGate section="patients">
            <ScreeningPrintPage />
          </SectionGate>
        </RequireSignIn>
      }
    />
    <Route
      element={
        <RequireSignIn>
          <KairosShell />
        </RequireSignIn>
      }
    >
      <Route index element={<HomeRedirect />} />
      <Route
        path="today"
        element={
          <SectionGate section="today">
            <TodayPage />
          </SectionGate>
        }
      />
      <Route
        path="sessions/:id"
        element={
          <SectionGate section="today">
            <DosingSessionConsolePage />
          </SectionGate>
        }
      />
      <Route
        path="adverse-events"
        element={
          <SectionGate section="today">
            <AdverseEventLogPage />
          </SectionGate>
        }
      />
      <Route
        path="adverse-events/review"
        element={
          <SectionGate section="today">
            <ReviewQueuePage />
          </SectionGate>
        }
      />
      <Route
        path="patients"
        element={
          <SectionGate section="patients">
            <Outlet />
          </SectionGate>
        }
      >
        <Route index element={<PatientListPage />} />
        <Route path=":id" element={<PatientPage />} />
        <Route path=":id/outcomes" element={<OutcomesRoute />} />
        <Route path=":id/billing" element={<PatientBillingPage />} />
        <Route path=":pid/enrollments/:eid/screening" element={<ScreeningPage />} />
        <Route path=":pid/notes/:nid" element={<NotePage />} />
      </Route>
      {settingsRoutes()}
      <Route path="account/security" element={<AccountSecurityPage />} />
      <Route
        path="schedule/*"
        element={
          <SectionGate section="schedule">
            <ScheduleRoutes />
          </SectionGate>
        }
      />
      <Route
        path="inventory/*"
        element={
          <SectionGate section="inventory">
            <InventoryPage />
          </SectionGate>
        }
      />
      <Route
        path="outcomes"
        element={
          <SectionGate section="outcomes">
            <ProgramOutcomesPage />
          </SectionGate>
        }
      />
      {COMING.map((s) => (
        <Route
          key={s.path}
          path={`${s.id}/*`}
          element={
            <SectionGate section={s.id}>
              <ComingSoon title={s.label} text={s.soon} />
            </SectionGate>
          }
        />
      ))}
      <Route path="*" element={<NotFound />} />
    </Route>
  </>
);

const routeObjects = createRoutesFromElements(routes);

/** On each navigation, starts fetching the code of every lazy page the address matches (the staff frame and its page at once). */
function PreloadRouteCode() {
  const { pathname } = useLocation();
  useEffect(() => {
    for (const match of matchRoutes(routeObjects, pathname) ?? []) preloadElement(match.route.element);
  }, [pathname]);
  return null;
}

const nonce = cspNonce();
shareCspNonce(nonce);
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <MantineProvider
        theme={kairosTheme}
        cssVariablesResolver={readableVariables}
        {...(nonce === undefined ? {} : { getStyleNonce: () => nonce })}
      >
        <BrowserRouter>
          <SignInProvider>
            <PreloadRouteCode />
            <Routes>{routes}</Routes>
          </SignInProvider>
        </BrowserRouter>
      </MantineProvider>
    </QueryClientProvider>
  </StrictMode>,
);

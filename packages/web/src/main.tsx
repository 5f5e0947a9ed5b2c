import './zod-jitless';
import '@mantine/core/styles.css';
import './print.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { queryClient } from './api/query-client';
import { cspNonce, shareCspNonce } from './csp-nonce';
import { AccountSecurityPage, RequireSignIn, SignInProvider, SignInPage } from './features/sign-in';
import { portalRoutes } from './features/portal/portal-routes';
import { ScreeningPage } from './features/screening/screening-page';
import { ScreeningPrintPage } from './features/screening/screening-print-page';
import { DischargeInstructionsPage } from './features/dosing-session/discharge-instructions-page';
import { ScheduleRoutes } from './features/schedule/schedule-routes';
import { settingsRoutes } from './features/settings/settings-routes';
import { PatientListPage } from './features/patients/patient-list-page';
import { PatientPage } from './features/patients/patient-page';
import { OutcomesRoute } from './features/measures/outcomes-route';
import { NotePage } from './features/notes/note-page';
import { ComingSoon, KairosShell } from './features/shell/app-shell';
import { HomeRedirect, SectionGate } from './features/shell/section-gate';
import { SECTIONS } from './features/shell/sections';
import { TodayPage } from './features/today/today-page';
import { DosingSessionConsolePage } from './features/dosing-session/dosing-session-console-page';
import { ReviewQueuePage } from './features/adverse-events/review-queue-page';

function NotFound() {
  return <ComingSoon title="Page not found" text="nothing: this address is not a Kairos page." />;
}

/** Sections with no page yet say what will be there. */
const COMING = SECTIONS.filter((s) => s.id !== 'today' && s.id !== 'patients' && s.id !== 'settings' && s.id !== 'schedule');

const nonce = cspNonce();
shareCspNonce(nonce);
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <MantineProvider {...(nonce === undefined ? {} : { getStyleNonce: () => nonce })}>
        <BrowserRouter>
          <SignInProvider>
            <Routes>
              <Route path="sign-in" element={<SignInPage />} />
              {portalRoutes()}
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
            </Routes>
          </SignInProvider>
        </BrowserRouter>
      </MantineProvider>
    </QueryClientProvider>
  </StrictMode>,
);

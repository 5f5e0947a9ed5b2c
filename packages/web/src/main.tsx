import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { RequireSession, SessionProvider, SignInPage } from './features/auth';
import { PatientListPage } from './features/patients/patient-list-page';
import { PatientPage } from './features/patients/patient-page';
import { ComingSoon, KairosShell } from './features/shell/app-shell';
import { HomeRedirect, SectionGate } from './features/shell/section-gate';
import { SECTIONS } from './features/shell/sections';
import { TodayPage } from './features/today/today-page';

function NotFound() {
  return <ComingSoon title="Page not found" text="nothing: this address is not a Kairos page." />;
}

/** Sections with no page yet say what will be there. */
const COMING = SECTIONS.filter((s) => s.id !== 'today' && s.id !== 'patients');

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider>
      <BrowserRouter>
        <SessionProvider>
          <Routes>
            <Route path="sign-in" element={<SignInPage />} />
            <Route
              element={
                <RequireSession>
                  <KairosShell />
                </RequireSession>
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
                path="patients"
                element={
                  <SectionGate section="patients">
                    <Outlet />
                  </SectionGate>
                }
              >
                <Route index element={<PatientListPage />} />
                <Route path=":id" element={<PatientPage />} />
              </Route>
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
        </SessionProvider>
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);

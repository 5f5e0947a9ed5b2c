import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ComingSoon, KairosShell, SECTIONS } from './features/shell/app-shell';

function NotFound() {
  return <ComingSoon title="Page not found" text="nothing: this address is not a Kairos page." />;
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<KairosShell />}>
            <Route index element={<Navigate to="/today" replace />} />
            {SECTIONS.map((s) => (
              <Route key={s.path} path={`${s.path.slice(1)}/*`} element={<ComingSoon title={s.label} text={s.soon} />} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);

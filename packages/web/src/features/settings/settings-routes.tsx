import type { ReactNode } from 'react';
import { Route } from 'react-router';
import { useSignIn } from '../sign-in/sign-in-context';
import { SectionGate } from '../shell/section-gate';
import { lazyPage } from '../../ui/lazy-page';

// Each settings page is fetched when first opened (ui/lazy-page.tsx).
const AuditPage = lazyPage(() => import('../audit/audit-page').then((m) => m.AuditPage));
const BillingPage = lazyPage(() => import('./billing-page').then((m) => m.BillingPage));
const ConsentDocumentsPage = lazyPage(() => import('./consent-documents-page').then((m) => m.ConsentDocumentsPage));
const FhirExportsPage = lazyPage(() => import('./fhir-exports-page').then((m) => m.FhirExportsPage));
const DeviceTokensPage = lazyPage(() => import('./device-tokens-page').then((m) => m.DeviceTokensPage));
const PatientContentPage = lazyPage(() => import('../measures/patient-content-page').then((m) => m.PatientContentPage));
const ProtocolPage = lazyPage(() => import('./protocol-page').then((m) => m.ProtocolPage));
const SitePage = lazyPage(() => import('./site-page').then((m) => m.SitePage));
const StaffCredentialsPage = lazyPage(() => import('../credentials/staff-credentials-page').then((m) => m.StaffCredentialsPage));
const SitesPage = lazyPage(() => import('./sites-page').then((m) => m.SitesPage));
const UsersPage = lazyPage(() => import('./users-page').then((m) => m.UsersPage));

/** The protocol page is also open to prescribers, who may propose changes without holding Settings. */
function ProtocolGate({ children }: { children: ReactNode }) {
  const { signedIn } = useSignIn();
  if (signedIn?.user.roles.includes('prescriber') === true && !signedIn.sections.includes('settings')) return children;
  return <SectionGate section="settings">{children}</SectionGate>;
}

/**
 * The sites and a site's billing are also open to coordinators (who do the billing) without
 * Settings: the billing page is reached from the sites' list.
 */
function BillingGate({ children }: { children: ReactNode }) {
  const { signedIn } = useSignIn();
  if (signedIn?.user.roles.includes('coordinator') === true && !signedIn.sections.includes('settings')) return children;
  return <SectionGate section="settings">{children}</SectionGate>;
}

const gated = (page: ReactNode) => <SectionGate section="settings">{page}</SectionGate>;

/** /settings: sites, a site's rooms and chairs, its protocol, its consent documents, (administrators) its device tokens and (the medical director) its FHIR exports; (administrators and coordinators) its billing; the users (administrators); the audit trail. */
export function settingsRoutes() {
  return (
    <Route path="settings">
      <Route
        index
        element={
          <BillingGate>
            <SitesPage />
          </BillingGate>
        }
      />
      <Route path="users" element={gated(<UsersPage />)} />
      <Route path="audit" element={gated(<AuditPage />)} />
      <Route path="sites/:siteId" element={gated(<SitePage />)} />
      <Route
        path="sites/:siteId/protocol"
        element={
          <ProtocolGate>
            <ProtocolPage />
          </ProtocolGate>
        }
      />
      <Route path="sites/:siteId/consent" element={gated(<ConsentDocumentsPage />)} />
      <Route path="sites/:siteId/devices" element={gated(<DeviceTokensPage />)} />
      <Route path="sites/:siteId/fhir-exports" element={gated(<FhirExportsPage />)} />
      <Route path="sites/:siteId/content" element={gated(<PatientContentPage />)} />
      <Route path="sites/:siteId/credentials" element={gated(<StaffCredentialsPage />)} />
      <Route
        path="sites/:siteId/billing"
        element={
          <BillingGate>
            <BillingPage />
          </BillingGate>
        }
      />
      <Route path="*" element={gated(<SitesPage />)} />
    </Route>
  );
}

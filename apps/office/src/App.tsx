import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SignInPage } from './pages/SignInPage';
import { RequireRole, RequireSession } from './session/RequireSession';
import { useUser } from './session/SessionContext';

const ADMIN = ['admin'] as const;
const OFFICE = ['admin', 'office'] as const;
const OFFICE_OR_CLIENT = ['admin', 'office', 'client'] as const;

/** A page module loaded on first use (named export). */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

// Admin pages load on first use: most people never open them.
const UsersPage = page(() => import('./pages/admin/users/UsersPage'), 'UsersPage');
const StatusPage = page(() => import('./pages/status/StatusPage'), 'StatusPage');
const FallbackPackPage = page(() => import('./pages/pack/FallbackPackPage'), 'FallbackPackPage');
const CatchupPage = page(() => import('./pages/catchup/CatchupPage'), 'CatchupPage');
const AnnouncementsPage = page(() => import('./pages/announcements/AnnouncementsPage'), 'AnnouncementsPage');
const LicencesPage = page(() => import('./pages/reports/LicencesPage'), 'LicencesPage');
const MailPage = page(() => import('./pages/admin/mail/MailPage'), 'MailPage');
const AuditPage = page(() => import('./pages/admin/audit/AuditPage'), 'AuditPage');
const ReplicationPage = page(() => import('./pages/admin/replication/ReplicationPage'), 'ReplicationPage');
const QueuedWorkPage = page(() => import('./pages/replica/QueuedWorkPage'), 'QueuedWorkPage');
const OutagePage = page(() => import('./pages/outage/OutagePage'), 'OutagePage');
const JobsPage = page(() => import('./pages/jobs/JobsPage'), 'JobsPage');
const RaiseJobPage = page(() => import('./pages/jobs/RaiseJobPage'), 'RaiseJobPage');
const JobPage = page(() => import('./pages/jobs/JobPage'), 'JobPage');
const PortalJobPage = page(() => import('./pages/portal/PortalJobPage'), 'PortalJobPage');
const DispatchPage = page(() => import('./pages/dispatch/DispatchPage'), 'DispatchPage');
const SitesPage = page(() => import('./pages/sites/SitesPage'), 'SitesPage');
const SitePage = page(() => import('./pages/sites/SitePage'), 'SitePage');
const ClientsPage = page(() => import('./pages/clients/OrgListPage'), 'ClientsPage');
const SuppliersPage = page(() => import('./pages/clients/OrgListPage'), 'SuppliersPage');
const ClientPage = page(() => import('./pages/clients/OrgPage'), 'ClientPage');
const SupplierPage = page(() => import('./pages/clients/OrgPage'), 'SupplierPage');
const ImportsPage = page(() => import('./pages/imports/ImportsPage'), 'ImportsPage');
const WarningTypesPage = page(() => import('./pages/settings/WarningTypesPage'), 'WarningTypesPage');
const RulesPage = page(() => import('./pages/settings/RulesPage'), 'RulesPage');
const EngineersPage = page(() => import('./pages/settings/EngineersPage'), 'EngineersPage');
const ActivityTypesPage = page(() => import('./pages/settings/ActivityTypesPage'), 'ActivityTypesPage');
const FormsPage = page(() => import('./pages/forms/FormsPage'), 'FormsPage');
const FormBuilderPage = page(() => import('./pages/forms/FormBuilderPage'), 'FormBuilderPage');
const ReportsPage = page(() => import('./pages/reports/ReportsPage'), 'ReportsPage');

const loading = (
  <Center py="xl">
    <Loader aria-label="Loading the page" />
  </Center>
);

const only = (roles: readonly ('admin' | 'office' | 'client')[]) => (
  <Suspense fallback={loading}>
    <RequireRole roles={roles} />
  </Suspense>
);

/** A client sees the portal's view of a job; the office sees the full job page. */
function JobRoute() {
  const user = useUser();
  return user.role === 'client' ? <PortalJobPage /> : <JobPage />;
}

export function App() {
  return (
    <Routes>
      {/* Public: reached from the sign-in page or from links in emails. */}
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />

      <Route element={<RequireSession />}>
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route path="admin" element={only(ADMIN)}>
            <Route path="status" element={<StatusPage />} />
            <Route path="announcements" element={<AnnouncementsPage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="mail" element={<MailPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="replication" element={<ReplicationPage />} />
          </Route>
          <Route element={only(OFFICE_OR_CLIENT)}>
            <Route path="jobs/:jobId" element={<JobRoute />} />
          </Route>
          <Route element={only(OFFICE)}>
            <Route path="pack" element={<FallbackPackPage />} />
            <Route path="licences" element={<LicencesPage />} />
            <Route path="catchup" element={<CatchupPage />} />
            <Route path="jobs" element={<JobsPage />} />
            <Route path="jobs/new" element={<RaiseJobPage />} />
            <Route path="dispatch" element={<DispatchPage />} />
            <Route path="sites" element={<SitesPage />} />
            <Route path="sites/:siteId" element={<SitePage />} />
            <Route path="clients" element={<ClientsPage />} />
            <Route path="clients/:id" element={<ClientPage />} />
            <Route path="suppliers" element={<SuppliersPage />} />
            <Route path="suppliers/:id" element={<SupplierPage />} />
            <Route path="imports" element={<ImportsPage />} />
            <Route path="settings/engineers" element={<EngineersPage />} />
            <Route path="settings/forms" element={<FormsPage />} />
            <Route path="settings/forms/:formId" element={<FormBuilderPage />} />
            <Route path="settings/activity-types" element={<ActivityTypesPage />} />
            <Route path="reports" element={<ReportsPage />} />
            <Route path="replica/queue" element={<QueuedWorkPage />} />
            <Route path="outage" element={<OutagePage />} />
          </Route>
          <Route element={only(ADMIN)}>
            <Route path="settings/warning-types" element={<WarningTypesPage />} />
            <Route path="settings/rules" element={<RulesPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

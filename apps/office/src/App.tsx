import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppLayout } from './components/AppLayout';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SignInPage } from './pages/SignInPage';
import { RequireRole, RequireSession } from './session/RequireSession';

const ADMIN = ['admin'] as const;

// Admin pages load on first use: most people never open them.
const UsersPage = lazy(() => import('./pages/admin/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const MailPage = lazy(() => import('./pages/admin/mail/MailPage').then((m) => ({ default: m.MailPage })));
const AuditPage = lazy(() => import('./pages/admin/audit/AuditPage').then((m) => ({ default: m.AuditPage })));

const loading = (
  <Center py="xl">
    <Loader aria-label="Loading the page" />
  </Center>
);

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
          <Route
            path="admin"
            element={
              <Suspense fallback={loading}>
                <RequireRole roles={ADMIN} />
              </Suspense>
            }
          >
            <Route path="users" element={<UsersPage />} />
            <Route path="mail" element={<MailPage />} />
            <Route path="audit" element={<AuditPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

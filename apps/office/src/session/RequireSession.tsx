import { Alert, Button, Center, Container, Loader, Stack, Title } from '@mantine/core';
import type { TRole } from '@fieldkeep/domain';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useSession } from './SessionContext';

/** Protected pages: waits for GET /api/auth/me, then shows the page or sends people to sign in. */
export function RequireSession() {
  const { state, reload } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label="Checking your session" />
      </Center>
    );
  }
  if (state.status === 'error') {
    return (
      <Container size="sm" py="xl">
        <Stack>
          <Title order={1}>Fieldkeep is not answering</Title>
          <Alert color="red" title="Could not check your session" role="alert">
            {state.message}
          </Alert>
          <Button onClick={reload} w="fit-content">
            Try again
          </Button>
        </Stack>
      </Container>
    );
  }
  if (state.status === 'signed-out') {
    const from = location.pathname + location.search;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return <Outlet />;
}

/** Pages for some roles only; everyone else is told so (they are already signed in). */
export function RequireRole({ roles }: { roles: readonly TRole[] }) {
  const { state } = useSession();
  if (state.status === 'signed-in' && !roles.includes(state.user.role)) {
    return (
      <Stack>
        <Title order={1}>Not available to you</Title>
        <Alert color="yellow" title="Your role cannot open this page">
          This page is for {roles.join(' or ')} users. Ask your admin if you need it.
        </Alert>
      </Stack>
    );
  }
  return <Outlet />;
}

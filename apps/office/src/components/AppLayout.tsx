import { AppShell, Badge, Box, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { TRole } from '@fieldkeep/domain';
import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ServerStateProvider, useIsReplica } from '../session/ServerStateContext';
import { useSession, useUser } from '../session/SessionContext';
import { ErrorAlert } from './ErrorAlert';
import { ROLE_LABELS } from './roleLabels';
import { AnnouncementsDialog } from './AnnouncementsDialog';
import { ServerBanner } from './ServerBanner';

interface NavItem {
  to: string;
  label: string;
  roles: readonly TRole[];
  children?: NavItem[];
  /** Shown only on an office replica. */
  replicaOnly?: boolean;
}

const OFFICE: readonly TRole[] = ['admin', 'office'];
const NAV: NavItem[] = [
  { to: '/', label: 'Home', roles: ['admin', 'office', 'engineer', 'client'] },
  { to: '/jobs', label: 'Jobs', roles: OFFICE },
  { to: '/dispatch', label: 'Dispatch', roles: OFFICE },
  { to: '/sites', label: 'Sites', roles: OFFICE },
  { to: '/clients', label: 'Clients', roles: OFFICE },
  { to: '/suppliers', label: 'Suppliers', roles: OFFICE },
  { to: '/imports', label: 'Imports', roles: OFFICE },
  { to: '/reports', label: 'Reports', roles: OFFICE },
  { to: '/pack', label: 'Fallback pack', roles: OFFICE },
  { to: '/catchup', label: 'Catch-up', roles: OFFICE },
  { to: '/licences', label: 'Licences', roles: OFFICE },
  { to: '/outage', label: 'Outage procedure', roles: OFFICE, replicaOnly: true },
  { to: '/replica/queue', label: 'Queued work', roles: OFFICE, replicaOnly: true },
  {
    to: '/settings',
    label: 'Settings',
    roles: OFFICE,
    children: [
      { to: '/settings/engineers', label: 'Engineers', roles: OFFICE },
      { to: '/settings/forms', label: 'Forms', roles: OFFICE },
      { to: '/settings/activity-types', label: 'Activity types', roles: OFFICE },
      { to: '/settings/warning-types', label: 'Warning types', roles: ['admin'] },
      { to: '/settings/rules', label: 'Allocation rules', roles: ['admin'] },
    ],
  },
  { to: '/admin/status', label: 'Status', roles: ['admin'] },
  { to: '/admin/users', label: 'Users', roles: ['admin'] },
  { to: '/admin/mail', label: 'Mail', roles: ['admin'] },
  { to: '/admin/audit', label: 'Audit log', roles: ['admin'] },
  { to: '/admin/announcements', label: 'Announcements', roles: ['admin'] },
  { to: '/admin/replication', label: 'Replication', roles: ['admin'] },
];

const isActive = (to: string, path: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));

/** Every signed-in page: header, navigation, the server banner (replica, degraded, replaced) and the page. */
export function AppLayout() {
  return (
    <ServerStateProvider>
      <Shell />
    </ServerStateProvider>
  );
}

function Shell() {
  const user = useUser();
  const isReplica = useIsReplica();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(null);

  const onSignOut = async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await signOut();
      void navigate('/sign-in', { replace: true });
    } catch (err) {
      setSignOutError(err);
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close menu' : 'Open menu'} />
            <Text fw={700}>Fieldkeep</Text>
            <Text c="dimmed" visibleFrom="xs" data-testid="tenant-name">
              {user.tenantName}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text visibleFrom="sm" data-testid="user-name">
              {user.name}
            </Text>
            <Badge variant="light" data-testid="user-role">
              {ROLE_LABELS[user.role]}
            </Badge>
            <Button variant="default" size="xs" onClick={() => void onSignOut()} loading={signingOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Text hiddenFrom="sm" size="sm" px="sm" pb="xs">
          {user.name} · {user.tenantName}
        </Text>
        {NAV.filter((n) => n.roles.includes(user.role) && (!n.replicaOnly || isReplica)).map((n) =>
          n.children ? (
            <NavLink key={n.to} label={n.label} defaultOpened={location.pathname.startsWith(n.to)} active={false}>
              {n.children
                .filter((c) => c.roles.includes(user.role))
                .map((c) => (
                  <NavLink key={c.to} component={Link} to={c.to} label={c.label} active={isActive(c.to, location.pathname)} aria-current={isActive(c.to, location.pathname) ? 'page' : undefined} onClick={close} />
                ))}
            </NavLink>
          ) : (
            <NavLink
              key={n.to}
              component={Link}
              to={n.to}
              label={n.to === '/' && user.role === 'client' ? 'Portal home' : n.label}
              active={isActive(n.to, location.pathname)}
              aria-current={isActive(n.to, location.pathname) ? 'page' : undefined}
              onClick={close}
            />
          ),
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <ServerBanner />
        {isReplica ? null : <AnnouncementsDialog />}
        {signOutError ? (
          <Box mb="md">
            <ErrorAlert error={signOutError} title="Could not sign you out" />
          </Box>
        ) : null}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

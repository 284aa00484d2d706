import { Alert, Anchor, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { TSessionUser } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { useUser } from '../session/SessionContext';

export function HomePage() {
  const user = useUser();
  switch (user.role) {
    case 'admin':
    case 'office':
      return <OfficeHome user={user} />;
    case 'client':
      return <ClientHome user={user} />;
    case 'engineer':
      return <EngineerHome />;
  }
}

function greeting(now = new Date()): string {
  const h = now.getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

const ADMIN_CARDS = [
  { to: '/admin/users', title: 'Users', text: 'Add people, invite them by email, unlock accounts and set passwords.', action: 'Manage users' },
  { to: '/admin/mail', title: 'Mail', text: 'Every email Fieldkeep sends: invitations, reset links, and any that failed.', action: 'Open mail' },
  { to: '/admin/audit', title: 'Audit log', text: 'Sign-ins, failed attempts, lockouts, resets and account changes.', action: 'Open audit log' },
];

function OfficeHome({ user }: { user: TSessionUser }) {
  return (
    <Stack>
      <Title order={1}>Office home</Title>
      <Text size="lg">
        {greeting()}, {user.name}.
      </Text>
      {user.role === 'admin' && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {ADMIN_CARDS.map((c) => (
            <Card key={c.to} withBorder padding="lg" radius="md">
              <Title order={2} fz="lg">
                {c.title}
              </Title>
              <Text size="sm" c="dimmed" mt="xs" mb="md">
                {c.text}
              </Text>
              <Button component={Link} to={c.to} variant="light" mt="auto">
                {c.action}
              </Button>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Alert color="blue" title="Coming next">
        Jobs, dispatch and sites arrive with the next releases. This is where the office will plan and follow the work.
      </Alert>
    </Stack>
  );
}

function ClientHome({ user }: { user: TSessionUser }) {
  const [orgName, setOrgName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api
      .listClients()
      .then(({ clients }) => {
        if (live) setOrgName(clients.find((c) => c.id === user.clientId)?.name ?? 'Client');
      })
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [user.clientId]);

  return (
    <Stack>
      <Title order={1}>{orgName ? `${orgName} portal` : 'Client portal'}</Title>
      <Text size="lg">
        {greeting()}, {user.name}.
      </Text>
      <ErrorAlert error={error} title="Could not load your organisation" />
      <Alert color="blue" title="Your jobs will appear here">
        When {user.tenantName} raises or completes work for {orgName ?? 'your organisation'}, you will follow it on this page.
      </Alert>
    </Stack>
  );
}

function EngineerHome() {
  return (
    <Stack>
      <Title order={1}>Use the field app</Title>
      <Text>Engineers work from the field app on their phone: your day, your visits, and everything you capture on site.</Text>
      <Anchor href="/field/" fw={700} size="lg">
        Open the field app
      </Anchor>
    </Stack>
  );
}

import { Anchor, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { addDays, type TSessionUser } from '@fieldkeep/domain';
import { Link } from 'react-router-dom';
import { todayInZone } from '../format/dates';
import { useUser } from '../session/SessionContext';
import { PortalHome } from './portal/PortalHome';

export function HomePage() {
  const user = useUser();
  switch (user.role) {
    case 'admin':
    case 'office':
      return <OfficeHome user={user} />;
    case 'client':
      return <PortalHome />;
    case 'engineer':
      return <EngineerHome />;
  }
}

function greeting(now = new Date()): string {
  const h = now.getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

const officeCards = (tomorrow: string) => [
  { to: `/dispatch?date=${tomorrow}`, title: 'Dispatch board', text: 'Who does what, when. Drag jobs onto engineers; fill tomorrow so everyone starts from home.', action: 'Open the board' },
  { to: '/jobs', title: 'Jobs', text: 'Every job: filter by status, client, site, engineer or date, and search.', action: 'Open jobs' },
  { to: '/jobs/new', title: 'Raise a job', text: 'Choose the site: its warnings and what the rules require show before you save.', action: 'Raise job' },
  { to: '/sites', title: 'Sites', text: 'Addresses, access notes, assets and the warnings engineers must see.', action: 'Open sites' },
];

const ADMIN_CARDS = [
  { to: '/admin/users', title: 'Users', text: 'Add people, invite them by email, unlock accounts and set passwords.', action: 'Manage users' },
  { to: '/settings/rules', title: 'Allocation rules', text: 'What the board checks: attend in pairs, lone working, acknowledgements.', action: 'Open rules' },
  { to: '/admin/audit', title: 'Audit log', text: 'Sign-ins, failed attempts, lockouts, resets and account changes.', action: 'Open audit log' },
];

function OfficeHome({ user }: { user: TSessionUser }) {
  const office = officeCards(addDays(todayInZone(), 1));
  const cards = user.role === 'admin' ? [...office, ...ADMIN_CARDS] : office;
  return (
    <Stack>
      <Title order={1}>Office home</Title>
      <Text size="lg">
        {greeting()}, {user.name}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {cards.map((c) => (
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

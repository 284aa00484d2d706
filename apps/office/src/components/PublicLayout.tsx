import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Pages seen before signing in: one centred card under the page's h1. */
export function PublicLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Container size={440} py={48} component="main">
      <Stack gap="lg">
        <Text fw={700} c="dimmed" ta="center">
          Fieldkeep
        </Text>
        <Title order={1} ta="center" fz={26}>
          {title}
        </Title>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          {children}
        </Paper>
      </Stack>
    </Container>
  );
}

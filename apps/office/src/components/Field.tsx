import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A read-only label and value (details panels). */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <div>{children ?? '—'}</div>
    </Stack>
  );
}

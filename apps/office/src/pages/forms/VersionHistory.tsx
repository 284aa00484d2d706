import { Button, Loader, Modal, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import type { TFormDefinition, TFormDetail } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format/dates';
import { FormPreview } from './builder/FormPreview';

/** Every published version, newest first; any one can be opened read-only in the phone's renderer. */
export function VersionHistory({ formId, versions, current }: { formId: string; versions: TFormDetail['versions']; current: number }) {
  const [open, setOpen] = useState<number | null>(null);
  const [definition, setDefinition] = useState<TFormDefinition | null>(null);
  const [error, setError] = useState<unknown>(null);

  const view = async (version: number) => {
    setOpen(version);
    setDefinition(null);
    setError(null);
    try {
      setDefinition((await api.getFormVersion(formId, version)).definition);
    } catch (err) {
      setError(err);
    }
  };
  const sorted = [...versions].sort((a, b) => b.version - a.version);

  return (
    <Stack gap="xs" component="section" aria-labelledby="versions-heading">
      <Title order={2} fz="lg" id="versions-heading">
        Version history
      </Title>
      <Table verticalSpacing="xs" aria-label="Published versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Published</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Questions</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>
                <Text fw={600} span>
                  Version {v.version}
                </Text>
                {v.version === current && (
                  <Text span size="sm" c="green.9">
                    {' '}
                    (current)
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(v.publishedAt)}</Table.Td>
              <Table.Td>{v.publishedByName ?? 'Fieldkeep (seeded)'}</Table.Td>
              <Table.Td>{v.questionCount}</Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="light" onClick={() => void view(v.version)} aria-label={`View version ${v.version}`}>
                  View
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open !== null && (
        <Modal opened onClose={() => setOpen(null)} title={`Version ${open} (read-only)`} size="lg">
          <ErrorAlert error={error} title="Could not load this version. Close and try again." />
          {definition ? <FormPreview title={`${definition.name}, version ${definition.version}`} form={definition} readOnly /> : !error && <Loader aria-label="Loading the version" />}
        </Modal>
      )}
    </Stack>
  );
}

import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import type { TClient } from '@fieldkeep/domain';
import { useState } from 'react';
import { api, fieldErrors } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';

interface Props {
  clients: TClient[];
  value: string;
  onChange: (clientId: string) => void;
  /** Called with a newly added organisation, so the parent's list includes it. */
  onClientAdded: (client: TClient) => void;
  error?: string;
}

/** Which client organisation a client user belongs to, with a way to add one that is not listed. */
export function ClientOrgField({ clients, value, onChange, onClientAdded, error }: Props) {
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [addError, setAddError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    setBusy(true);
    setAddError(null);
    try {
      const { client } = await api.createClient({ name: name.trim() });
      onClientAdded(client);
      onChange(client.id);
      setAdding(false);
      setName('');
    } catch (err) {
      setAddError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs">
      <NativeSelect
        label="Client organisation"
        description="Client users see only their own organisation's work."
        required
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        data={[{ value: '', label: clients.length ? 'Choose an organisation…' : 'No organisations yet' }, ...clients.map((c) => ({ value: c.id, label: c.name }))]}
      />
      {adding ? (
        <Stack gap="xs">
          <ErrorAlert error={addError} title="Could not add the organisation" />
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label="New organisation name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldErrors(addError).name}
              style={{ flex: 1 }}
            />
            <Button variant="light" onClick={() => void add()} loading={busy} disabled={!name.trim()}>
              Add organisation
            </Button>
          </Group>
        </Stack>
      ) : (
        <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => setAdding(true)}>
          Add a new organisation
        </Button>
      )}
    </Stack>
  );
}

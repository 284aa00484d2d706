import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { TContact, TContactInput } from '@fieldkeep/domain';
import { useState } from 'react';
import { fieldErrors } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

type Row = { name: string; role: string; email: string; phone: string };
const toRow = (c: TContact): Row => ({ name: c.name, role: c.role ?? '', email: c.email ?? '', phone: c.phone ?? '' });
const toInput = (r: Row): TContactInput => ({ name: r.name.trim(), role: r.role.trim() || null, email: r.email.trim() || null, phone: r.phone.trim() || null });

/** The people to call: shown as a table; "Edit contacts" edits the whole list, saved at once (it replaces the old list). */
export function ContactsEditor({ contacts, onSave }: { contacts: TContact[]; onSave: (contacts: TContactInput[]) => Promise<void> }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrors(error);

  const save = async () => {
    if (!rows) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(rows.filter((r) => r.name.trim() || r.email.trim() || r.phone.trim()).map(toInput));
      setRows(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const set = (i: number, f: keyof Row, v: string) => setRows((rs) => rs!.map((r, j) => (j === i ? { ...r, [f]: v } : r)));

  return (
    <Stack gap="xs" component="section" aria-labelledby="contacts-heading">
      <Group justify="space-between">
        <Title order={2} fz="lg" id="contacts-heading">
          Contacts
        </Title>
        {!rows && (
          <Button size="xs" variant="light" onClick={() => setRows(contacts.map(toRow))}>
            Edit contacts
          </Button>
        )}
      </Group>
      {!rows ? (
        contacts.length === 0 ? (
          <Text c="dimmed">No contacts yet.</Text>
        ) : (
          <Table striped aria-label="Contacts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.role ?? '—'}</Table.Td>
                  <Table.Td>{c.email ?? '—'}</Table.Td>
                  <Table.Td>{c.phone ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      ) : (
        <Stack gap="xs">
          <ErrorAlert error={error} title="Could not save the contacts. Check the marked fields." />
          {rows.map((r, i) => (
            <Paper key={i} withBorder p="xs">
              <Group align="flex-end" gap="xs">
                <TextInput label={`Contact ${i + 1} name`} required value={r.name} onChange={(e) => set(i, 'name', e.currentTarget.value)} error={errors[`contacts.${i}.name`]} />
                <TextInput label={`Contact ${i + 1} role`} value={r.role} onChange={(e) => set(i, 'role', e.currentTarget.value)} />
                <TextInput label={`Contact ${i + 1} email`} type="email" value={r.email} onChange={(e) => set(i, 'email', e.currentTarget.value)} error={errors[`contacts.${i}.email`]} />
                <TextInput label={`Contact ${i + 1} phone`} type="tel" value={r.phone} onChange={(e) => set(i, 'phone', e.currentTarget.value)} />
                <Button variant="subtle" color="red" onClick={() => setRows((rs) => rs!.filter((_, j) => j !== i))} aria-label={`Remove contact ${i + 1}`}>
                  Remove
                </Button>
              </Group>
            </Paper>
          ))}
          <Group justify="space-between">
            <Button variant="default" size="xs" onClick={() => setRows((rs) => [...rs!, { name: '', role: '', email: '', phone: '' }])}>
              Add contact
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={() => setRows(null)}>
                Cancel
              </Button>
              <Button onClick={() => void save()} loading={busy}>
                Save contacts
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

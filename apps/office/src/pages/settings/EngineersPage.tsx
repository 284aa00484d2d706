import { Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { shiftMinutes, WEEKDAYS, type TEngineer } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { formatHours } from '../../format/dates';
import { EngineerModal, WEEKDAY_NAMES } from './EngineerModal';

/** "Mon 08:00–16:30, Tue …" grouped where days share hours: "Mon–Thu 08:00–16:30, Fri 08:00–16:00". */
function hoursSummary(e: TEngineer): string {
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const d = WEEKDAYS[i]!;
    const s = e.workingHours[d];
    let j = i;
    while (j + 1 < WEEKDAYS.length && JSON.stringify(e.workingHours[WEEKDAYS[j + 1]!]) === JSON.stringify(s)) j++;
    if (s) {
      const name = (x: string) => WEEKDAY_NAMES[x as keyof typeof WEEKDAY_NAMES].slice(0, 3);
      parts.push(`${name(d)}${j > i ? `–${name(WEEKDAYS[j]!)}` : ''} ${s.start}–${s.end}`);
    }
    i = j + 1;
  }
  return parts.join(', ') || 'No working days';
}

const weekMinutes = (e: TEngineer) => WEEKDAYS.reduce((sum, d) => sum + shiftMinutes(e.workingHours[d]), 0);

/** Engineers' skills and working hours: what the board's capacity and the skill rules use. */
export function EngineersPage() {
  const engineers = useLoad(() => api.listEngineers().then((r) => r.engineers), []);
  const [editing, setEditing] = useState<TEngineer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const allSkills = [...new Set((engineers.data ?? []).flatMap((e) => e.skills))].sort();

  const columns: Column<TEngineer>[] = [
    { key: 'name', header: 'Engineer', render: (e) => <Text fw={600}>{e.name}</Text>, sortValue: (e) => e.name },
    {
      key: 'skills',
      header: 'Skills',
      render: (e) =>
        e.skills.length ? (
          <Group gap={4}>
            {e.skills.map((s) => (
              <Badge key={s} variant="outline" color="dark">
                {s}
              </Badge>
            ))}
          </Group>
        ) : (
          <Text c="dimmed">None recorded</Text>
        ),
      sortValue: (e) => e.skills.length,
    },
    { key: 'hours', header: 'Working hours', render: hoursSummary },
    { key: 'week', header: 'Hours a week', render: (e) => formatHours(weekMinutes(e)), sortValue: weekMinutes },
    {
      key: 'actions',
      header: 'Actions',
      render: (e) => (
        <Button size="compact-sm" variant="light" onClick={() => setEditing(e)} aria-label={`Edit ${e.name}`}>
          Edit
        </Button>
      ),
    },
  ];

  return (
    <Stack>
      <Title order={1}>Engineers</Title>
      <Text c="dimmed">Skills and working hours. The dispatch board counts each engineer’s day from these hours.</Text>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={engineers.error} title="Could not load the engineers. Reload the page." />
      {!engineers.data ? (
        !engineers.error && <Loader aria-label="Loading engineers" />
      ) : (
        <DataTable caption="Engineers" columns={columns} rows={engineers.data} rowKey={(e) => e.id} initialSort={{ key: 'name', direction: 'asc' }} minWidth={900} empty="No engineers yet: add users with the engineer role." />
      )}
      {editing && (
        <EngineerModal
          engineer={editing}
          allSkills={allSkills}
          onClose={() => setEditing(null)}
          onSaved={(e) => {
            setEditing(null);
            engineers.setData((list) => list?.map((x) => (x.id === e.id ? e : x)));
            setNotice(`${e.name} is saved.`);
          }}
        />
      )}
    </Stack>
  );
}

import { Alert, Badge, Button, Grid, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TCatchupChoice, TCatchupEntry, TCatchupOutcome, TCatchupResult } from '@fieldkeep/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDay, todayInZone } from '../../format/dates';
import { catchupApi } from './catchupApi';
import { CatchupCsv } from './CatchupCsv';
import { ConflictCard } from './ConflictCard';
import { EntryForm, KIND_LABELS } from './EntryForm';

interface Row {
  key: number;
  entry: TCatchupEntry;
  outcome?: TCatchupOutcome;
  choice?: TCatchupChoice;
}

const OUTCOME: Record<TCatchupOutcome['outcome'], { label: string; color: string }> = {
  new: { label: 'Will be added', color: 'blue' },
  same: { label: 'Already on the system: nothing to do', color: 'gray' },
  conflict: { label: 'Clashes with what the phone synced: choose below', color: 'orange' },
  invalid: { label: 'Cannot be saved', color: 'red' },
  applied: { label: 'Saved', color: 'green' },
  skipped: { label: 'Not saved (as chosen, or already there)', color: 'gray' },
};

let nextKey = 1;

/** A row's entry as the server gets it: with the office's choice for a clash, tied to the values it saw. */
const toSend = (r: Row): TCatchupEntry => (r.outcome?.conflict && r.choice ? { ...r.entry, resolution: { choice: r.choice, token: r.outcome.conflict.token } } : r.entry);

/**
 * Catch-up after an outage: the office types in what engineers wrote on paper while Fieldkeep was
 * unreachable (or reads a CSV of it). Each entry is checked against what phones synced meanwhile;
 * clashes are shown side by side and wait for a choice. Everything is saved together and marked
 * "entered after the outage" in the audit log.
 */
export function CatchupPage() {
  const [paperDate, setPaperDate] = useState(todayInZone());
  const [rows, setRows] = useState<Row[]>([]);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<TCatchupResult | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const lists = useLoad(() => Promise.all([api.listEngineers(), api.listActivityTypes()]), []);
  const engineers = (lists.data?.[0].engineers ?? []).map((e) => ({ id: e.id, name: e.name }));
  const activityTypes = (lists.data?.[1].activityTypes ?? []).filter((a) => a.active).map((a) => ({ id: a.id, name: a.name }));

  const latest = useRef(0);
  /** Checks the whole list against the system again; answers replace the outcomes (a choice stays while its clash is unchanged). */
  const check = useCallback(async (list: Row[]) => {
    const call = ++latest.current;
    if (list.length === 0) return;
    setChecking(true);
    try {
      const r = await catchupApi.preview(list.map((x) => x.entry));
      if (call !== latest.current) return;
      setRows((current) => merge(current, list, r.entries));
      setError(null);
    } catch (err) {
      if (call === latest.current) setError(err);
    } finally {
      if (call === latest.current) setChecking(false);
    }
  }, []);

  const replace = (list: Row[]) => {
    setRows(list);
    setSaved(null);
    setRefused(null);
    void check(list);
  };

  const add = (entries: TCatchupEntry[]) => replace([...rows, ...entries.map((entry) => ({ key: nextKey++, entry }))]);

  const save = async () => {
    setSaving(true);
    setError(null);
    setRefused(null);
    try {
      const result = await catchupApi.commit(rows.map(toSend));
      setSaved(result);
      setRows([]);
    } catch (err) {
      const entries = err instanceof ApiError && err.code === 'conflict' ? (err.body as { entries?: TCatchupOutcome[] } | undefined)?.entries : undefined;
      if (entries) {
        setRows((current) => merge(current, current, entries));
        setRefused(err instanceof Error ? err.message : null);
      } else setError(err);
    } finally {
      setSaving(false);
    }
  };

  useEffect(() => () => void (latest.current = -1), []);

  const invalid = rows.filter((r) => r.outcome?.outcome === 'invalid').length;
  const undecided = rows.filter((r) => r.outcome?.conflict && !r.choice).length;
  const unchecked = rows.some((r) => !r.outcome);
  const blocker = invalid > 0 ? `${invalid} ${invalid === 1 ? 'entry cannot' : 'entries cannot'} be saved: remove ${invalid === 1 ? 'it' : 'them'} or enter ${invalid === 1 ? 'it' : 'them'} again correctly.` : undecided > 0 ? `Choose what to keep for ${undecided} ${undecided === 1 ? 'entry that clashes' : 'entries that clash'} with synced values.` : null;

  return (
    <Stack>
      <Title order={1}>Catch-up after an outage</Title>
      <Text maw={900}>
        Enter what engineers wrote on paper while Fieldkeep could not be reached: job notes, visit times and outcomes, non-productive time. Each entry is checked against what their phones synced meanwhile — a clash is shown side by side for you to decide, never merged
        silently. Everything is saved together and marked “entered after the outage” in the audit log.
      </Text>
      <ErrorAlert error={lists.error} title="Could not load the engineers and activity types" />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Add from a paper sheet
              </Title>
              <TextInput type="date" label="Date on the paper sheet" value={paperDate} onChange={(e) => setPaperDate(e.currentTarget.value)} w={220} required />
              <EntryForm paperDate={paperDate} engineers={engineers} activityTypes={activityTypes} onAdd={(e) => add([e])} />
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <CatchupCsv onEntries={add} />
        </Grid.Col>
      </Grid>

      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          Entries to save ({rows.length})
        </Title>
        {checking && (
          <Group gap="xs" role="status">
            <Loader size="xs" aria-label="Checking against synced data" />
            <Text size="sm">Checking against what phones synced…</Text>
          </Group>
        )}
      </Group>
      {rows.length === 0 && !saved && <Text c="dimmed">Nothing entered yet.</Text>}
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Entries to save">
        {rows.map((r, i) => {
          const o = r.outcome;
          const info = o ? OUTCOME[o.outcome] : undefined;
          return (
            <Paper key={r.key} component="li" withBorder p="sm" aria-label={`Entry ${i + 1}`}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    <Text fw={600}>
                      {i + 1}. {KIND_LABELS[r.entry.kind]} — {o?.summary ?? describe(r.entry)}
                    </Text>
                    {info ? (
                      <Badge color={info.color} variant="light" style={{ textTransform: 'none' }}>
                        {info.label}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not checked yet
                      </Text>
                    )}
                    {o?.problems.map((p) => (
                      <Text key={p.field + p.message} size="sm" c="red.8" role="alert">
                        {p.message}
                      </Text>
                    ))}
                  </Stack>
                  <Button variant="subtle" color="gray" size="xs" onClick={() => replace(rows.filter((x) => x.key !== r.key))} aria-label={`Remove entry ${i + 1}`}>
                    Remove
                  </Button>
                </Group>
                {o?.conflict && <ConflictCard entryNumber={i + 1} outcome={o} choice={r.choice} onChoose={(choice) => setRows((cur) => cur.map((x) => (x.key === r.key ? { ...x, choice } : x)))} />}
              </Stack>
            </Paper>
          );
        })}
      </Stack>

      <ErrorAlert error={error} title="Could not check or save the entries" />
      {refused && (
        <Alert color="orange" title="Nothing was saved" role="alert">
          {refused}
        </Alert>
      )}
      {rows.length > 0 && (
        <Group>
          <Button onClick={() => void save()} loading={saving} disabled={blocker !== null || checking || unchecked}>
            Save {rows.length} {rows.length === 1 ? 'entry' : 'entries'}
          </Button>
          {blocker && (
            <Text size="sm" c="dimmed">
              {blocker}
            </Text>
          )}
        </Group>
      )}
      {saved && (
        <Alert color="green" title="Saved" role="status">
          {saved.counts.applied} {saved.counts.applied === 1 ? 'entry was' : 'entries were'} recorded as entered after the outage
          {saved.counts.skipped > 0 ? `; ${saved.counts.skipped} not saved (as chosen, or already on the system)` : ''}. The audit log lists each one with the date on its sheet.
        </Alert>
      )}
    </Stack>
  );
}

/** Until the server has answered: what the entry says, in a line. */
function describe(e: TCatchupEntry): string {
  const day = formatDay(e.paperDate);
  if (e.kind === 'note') return `${e.job}, ${day}: “${e.text.slice(0, 60)}”`;
  if (e.kind === 'visit') return `${e.job}, ${day}: ${[e.arrived && `arrived ${e.arrived}`, e.departed && `left ${e.departed}`, e.status].filter(Boolean).join(', ')}`;
  return `${day}, ${e.started}–${e.ended}`;
}

/**
 * Puts the server's outcomes on the rows that were sent (by position). A choice is kept only while
 * its clash is the one it was made for (same token).
 */
function merge(current: Row[], sent: Row[], outcomes: TCatchupOutcome[]): Row[] {
  const byKey = new Map(sent.map((r, i) => [r.key, outcomes.find((o) => o.index === i)]));
  return current.map((r) => {
    if (!byKey.has(r.key)) return r;
    const outcome = byKey.get(r.key);
    const keepChoice = r.choice && outcome?.conflict && r.outcome?.conflict?.token === outcome.conflict.token;
    return { ...r, outcome, choice: keepChoice ? r.choice : undefined };
  });
}

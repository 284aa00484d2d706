import { Button, Group, Modal, MultiSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import type { TAllocationCheck, TVisit } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { WarningCountBadge } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fromZonedParts } from '../../format/dates';
import { AllocationOutcome } from './AllocationOutcome';
import { refusedCheck, type AllocationDraft, type AllocationSubject } from './allocation';

interface Props {
  subject: AllocationSubject;
  initial: AllocationDraft;
  engineers: Array<{ id: string; name: string }>;
  onClose: () => void;
  onSaved: (visit: TVisit) => void;
}

/**
 * The one allocation dialog (board drops, the Allocate buttons, moving a visit): it asks the server
 * what the rules say about the proposal on every change, and saves only what they allow.
 */
export function AllocationDialog({ subject, initial, engineers, onClose, onSaved }: Props) {
  const [engineerIds, setEngineerIds] = useState<string[]>(initial.engineerIds);
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [hours, setHours] = useState<number>(initial.minutes / 60);
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [check, setCheck] = useState<TAllocationCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const validTime = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) && hours > 0;
  const startsAt = validTime ? fromZonedParts(date, time) : '';
  const endsAt = validTime ? new Date(Date.parse(startsAt) + Math.round(hours * 60) * 60_000).toISOString() : '';

  useEffect(() => {
    if (!validTime) return;
    let live = true;
    setChecking(true);
    const t = setTimeout(() => {
      api
        .checkAllocation({ jobId: subject.jobId, visitId: subject.visitId, startsAt, endsAt, engineerIds, acknowledgedRuleIds: acknowledged })
        .then(
          (c) => live && (setCheck(c), setCheckError(null)),
          (err: unknown) => live && setCheckError(err),
        )
        .finally(() => live && setChecking(false));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [subject.jobId, subject.visitId, startsAt, endsAt, engineerIds, acknowledged, validTime]);

  const save = async () => {
    setBusy(true);
    setSaveError(null);
    try {
      const { visit } = subject.visitId
        ? await api.updateVisit(subject.visitId, { startsAt, endsAt, engineerIds, acknowledgedRuleIds: acknowledged })
        : await api.createVisit({ jobId: subject.jobId, startsAt, endsAt, engineerIds, acknowledgedRuleIds: acknowledged });
      onSaved(visit);
    } catch (err) {
      // The server re-checks: a refusal carries its findings, shown like the live check.
      const refused = refusedCheck(err);
      if (refused) setCheck(refused);
      setSaveError(err);
      setBusy(false);
    }
  };

  const others = engineers.filter((e) => !engineerIds.includes(e.id));
  const ready = check?.allowed === true && !checking && validTime && engineerIds.length > 0;
  const verb = subject.visitId ? 'Save visit' : 'Allocate';

  return (
    <Modal opened onClose={onClose} size="lg" title={`${subject.visitId ? 'Move or reallocate' : 'Allocate'} ${subject.reference}`}>
      <Stack>
        <Group gap="xs">
          <Text fw={600}>
            {subject.siteName}, {subject.sitePostcode}
          </Text>
          <WarningCountBadge count={subject.liveWarningCount} />
        </Group>
        <MultiSelect
          label="Engineers"
          description="Everyone attending this visit."
          placeholder={engineerIds.length ? undefined : 'Choose engineers'}
          searchable
          data={engineers.map((e) => ({ value: e.id, label: e.name }))}
          value={engineerIds}
          onChange={setEngineerIds}
        />
        <Group grow align="flex-start">
          <TextInput label="Date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} error={date ? undefined : 'Choose a date.'} />
          <TextInput label="Start time" type="time" step={900} value={time} onChange={(e) => setTime(e.currentTarget.value)} />
          <NumberInput
            label="Duration (hours)"
            min={0.25}
            max={24}
            step={0.5}
            decimalScale={2}
            value={hours}
            onChange={(v) => setHours(typeof v === 'number' ? v : Number(v) || 0)}
          />
        </Group>
        <ErrorAlert error={checkError} title="Could not check the allocation rules. Check the date and engineers, then try again." />
        <AllocationOutcome
          check={check}
          checking={checking}
          engineerCount={engineerIds.length}
          acknowledged={acknowledged}
          onAcknowledge={(id, on) => setAcknowledged((list) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id)))}
          others={others}
          onAddEngineer={(id) => setEngineerIds((list) => [...new Set([...list, id])])}
        />
        <ErrorAlert
          error={saveError}
          title={saveError instanceof ApiError && saveError.code === 'allocation_refused' ? 'The server refused this allocation' : 'Could not save the visit'}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} loading={busy} disabled={!ready}>
            {verb}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Button, Checkbox, Group, NativeSelect, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { TCatchupEntry } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';

export type EntryKind = TCatchupEntry['kind'];

export const KIND_LABELS: Record<EntryKind, string> = {
  note: 'Job note',
  visit: 'Visit times and outcome',
  time: 'Non-productive time',
};

interface Option {
  id: string;
  name: string;
}

interface Props {
  paperDate: string;
  engineers: Option[];
  activityTypes: Option[];
  onAdd: (entry: TCatchupEntry) => void;
}

const isTime = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

/**
 * One line of a paper sheet: a job note, a visit's arrival, departure and outcome, or a stretch of
 * non-productive time. Times are the tenant's local times, as written on the sheet.
 */
export function EntryForm({ paperDate, engineers, activityTypes, onAdd }: Props) {
  const [kind, setKind] = useState<EntryKind>('visit');
  const [job, setJob] = useState('');
  const [engineerId, setEngineerId] = useState('');
  const [time, setTime] = useState('');
  const [text, setText] = useState('');
  const [clientVisible, setClientVisible] = useState(false);
  const [arrived, setArrived] = useState('');
  const [departed, setDeparted] = useState('');
  const [status, setStatus] = useState<'' | 'completed' | 'aborted'>('');
  const [reason, setReason] = useState('');
  const [activityTypeId, setActivityTypeId] = useState('');
  const [started, setStarted] = useState('');
  const [ended, setEnded] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const reset = () => {
    setJob('');
    setTime('');
    setText('');
    setClientVisible(false);
    setArrived('');
    setDeparted('');
    setStatus('');
    setReason('');
    setStarted('');
    setEnded('');
    setErrors({});
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const need = (ok: boolean, field: string, message: string) => {
      if (!ok) errs[field] = message;
    };
    need(/^\d{4}-\d{2}-\d{2}$/.test(paperDate), 'paperDate', 'Choose the date on the sheet.');
    let entry: TCatchupEntry | undefined;
    if (kind === 'note') {
      need(job.trim() !== '', 'job', 'Write the job number from the sheet.');
      need(text.trim() !== '', 'text', 'Write the note.');
      need(time === '' || isTime(time), 'time', 'A time like 09:30.');
      entry = { kind, job: job.trim(), paperDate, text: text.trim(), clientVisible, ...(engineerId ? { engineerId } : {}), ...(time ? { time } : {}) };
    } else if (kind === 'visit') {
      need(job.trim() !== '', 'job', 'Write the job number from the sheet.');
      need(engineerId !== '', 'engineerId', 'Choose whose sheet it is.');
      need(arrived !== '' || departed !== '' || status !== '', 'arrived', 'Give an arrival, a departure or an outcome.');
      need(!arrived || !departed || arrived < departed, 'departed', 'Must be after the arrival.');
      need(status !== 'aborted' || reason.trim() !== '', 'reason', 'Say why the visit was aborted.');
      entry = {
        kind,
        job: job.trim(),
        paperDate,
        engineerId,
        ...(arrived ? { arrived } : {}),
        ...(departed ? { departed } : {}),
        ...(status ? { status } : {}),
        ...(status === 'aborted' ? { reason: reason.trim() } : {}),
      };
    } else {
      need(engineerId !== '', 'engineerId', 'Choose whose time it is.');
      need(activityTypeId !== '', 'activityTypeId', 'Choose the activity.');
      need(isTime(started), 'started', 'A time like 09:30.');
      need(isTime(ended) && ended > started, 'ended', 'A time after the start.');
      entry = { kind, paperDate, engineerId, activityTypeId, started, ended, ...(text.trim() ? { note: text.trim() } : {}) };
    }
    setErrors(errs);
    if (Object.keys(errs).length > 0 || !entry) return;
    onAdd(entry);
    reset();
  };

  const engineerSelect = (label: string) => (
    <NativeSelect
      label={label}
      value={engineerId}
      onChange={(e) => setEngineerId(e.currentTarget.value)}
      data={[{ value: '', label: kind === 'note' ? 'Not written on the sheet' : 'Choose…' }, ...engineers.map((e) => ({ value: e.id, label: e.name }))]}
      error={errors.engineerId}
      w={260}
    />
  );

  return (
    <form onSubmit={submit} aria-label="Add a paper entry" noValidate>
      <Stack gap="sm">
        <Radio.Group label="What is on the sheet?" value={kind} onChange={(v) => setKind(v as EntryKind)}>
          <Group mt={4}>
            {(Object.keys(KIND_LABELS) as EntryKind[]).map((k) => (
              <Radio key={k} value={k} label={KIND_LABELS[k]} />
            ))}
          </Group>
        </Radio.Group>
        {errors.paperDate && (
          <Text c="red" size="sm" role="alert">
            {errors.paperDate}
          </Text>
        )}
        {kind !== 'time' && (
          <Group align="flex-start">
            <TextInput label="Job number" placeholder="J-000123" value={job} onChange={(e) => setJob(e.currentTarget.value)} error={errors.job} w={160} />
            {engineerSelect(kind === 'note' ? 'Written by' : 'Engineer')}
          </Group>
        )}
        {kind === 'note' && (
          <>
            <Group align="flex-start">
              <TextInput type="time" label="Time written (optional)" value={time} onChange={(e) => setTime(e.currentTarget.value)} error={errors.time} w={180} />
              <Checkbox mt={30} label="Client can see it" checked={clientVisible} onChange={(e) => setClientVisible(e.currentTarget.checked)} />
            </Group>
            <Textarea label="Note" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={errors.text} maw={640} />
          </>
        )}
        {kind === 'visit' && (
          <Group align="flex-start">
            <TextInput type="time" label="Arrived" value={arrived} onChange={(e) => setArrived(e.currentTarget.value)} error={errors.arrived} w={140} />
            <TextInput type="time" label="Left" value={departed} onChange={(e) => setDeparted(e.currentTarget.value)} error={errors.departed} w={140} />
            <NativeSelect
              label="Outcome"
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as typeof status)}
              data={[
                { value: '', label: 'Not on the sheet' },
                { value: 'completed', label: 'Completed' },
                { value: 'aborted', label: 'Aborted' },
              ]}
              w={180}
            />
            {status === 'aborted' && <TextInput label="Why it was aborted" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} w={280} />}
          </Group>
        )}
        {kind === 'time' && (
          <>
            <Group align="flex-start">
              {engineerSelect('Engineer')}
              <NativeSelect
                label="Activity"
                value={activityTypeId}
                onChange={(e) => setActivityTypeId(e.currentTarget.value)}
                data={[{ value: '', label: 'Choose…' }, ...activityTypes.map((a) => ({ value: a.id, label: a.name }))]}
                error={errors.activityTypeId}
                w={220}
              />
              <TextInput type="time" label="From" value={started} onChange={(e) => setStarted(e.currentTarget.value)} error={errors.started} w={130} />
              <TextInput type="time" label="To" value={ended} onChange={(e) => setEnded(e.currentTarget.value)} error={errors.ended} w={130} />
            </Group>
            <TextInput label="Note (optional)" value={text} onChange={(e) => setText(e.currentTarget.value)} maw={640} />
          </>
        )}
        <Group>
          <Button type="submit" variant="light">
            Add to the list
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

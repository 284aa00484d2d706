import { Button, Checkbox, Group, Modal, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { WEEKDAYS, type TEngineer, type TWeekday, type TWorkingHours } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

export const WEEKDAY_NAMES: Record<TWeekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** An engineer's skills and working hours per weekday (in the company's time zone). */
export function EngineerModal({ engineer, allSkills, onClose, onSaved }: { engineer: TEngineer; allSkills: string[]; onClose: () => void; onSaved: (e: TEngineer) => void }) {
  const [skills, setSkills] = useState<string[]>(engineer.skills);
  const [hours, setHours] = useState<TWorkingHours>(engineer.workingHours);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrors(error);
  const setDay = (d: TWeekday, shift: TWorkingHours[TWeekday]) => setHours((h) => ({ ...h, [d]: shift }));
  const badDay = WEEKDAYS.find((d) => {
    const s = hours[d];
    return s && !(s.end > s.start);
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved((await api.updateEngineer(engineer.id, { skills, workingHours: hours })).engineer);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`${engineer.name}: skills and hours`} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not save. Check the marked fields." />
          <TagsInput label="Skills" description="Press Enter after each skill. Jobs needing a skill are checked against these." data={allSkills} value={skills} onChange={setSkills} error={errors.skills} data-autofocus />
          <Text fw={500} size="sm">
            Working hours
          </Text>
          {WEEKDAYS.map((d) => {
            const s = hours[d];
            return (
              <Group key={d} gap="sm" align="flex-end" wrap="nowrap">
                <Checkbox
                  w={170}
                  mb={8}
                  label={`Works on ${WEEKDAY_NAMES[d]}`}
                  checked={s !== null}
                  onChange={(e) => setDay(d, e.currentTarget.checked ? { start: '08:00', end: '16:30' } : null)}
                />
                {s && (
                  <>
                    <TextInput label={`${WEEKDAY_NAMES[d]} start`} type="time" value={s.start} onChange={(e) => setDay(d, { ...s, start: e.currentTarget.value })} w={140} />
                    <TextInput
                      label={`${WEEKDAY_NAMES[d]} end`}
                      type="time"
                      value={s.end}
                      onChange={(e) => setDay(d, { ...s, end: e.currentTarget.value })}
                      w={140}
                      error={badDay === d ? 'Ends after it starts.' : errors[`workingHours.${d}.end`]}
                    />
                  </>
                )}
              </Group>
            );
          })}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!!badDay}>
              Save engineer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

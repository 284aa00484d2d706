import { Badge, Button, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/http';
import { PACK_TEXT_MAX, packApi, type TPackSettings } from '../../api/pack';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { formatDateTime } from '../../format/dates';

type Field = 'customerScript' | 'backUpChecklist';

const FIELDS: Array<{ key: Field; label: string; description: string; defaultKey: 'customerScriptIsDefault' | 'backUpChecklistIsDefault' }> = [
  {
    key: 'customerScript',
    label: 'Customer script',
    description: 'What whoever answers the phone says while the system is down. {company} prints as your company name; lines starting with "- " print as bullets.',
    defaultKey: 'customerScriptIsDefault',
  },
  {
    key: 'backUpChecklist',
    label: '“System back up” checklist',
    description: 'What to do once the system works again. Lines starting with "- " print with a tick box; a line ending with ":" is a heading.',
    defaultKey: 'backUpChecklistIsDefault',
  },
];

/** The two texts printed in every pack. An admin edits them; the office reads them. */
export function PackTextsForm({ canEdit }: { canEdit: boolean }) {
  const settings = useLoad(() => packApi.getPackSettings(), []);
  const [draft, setDraft] = useState<Record<Field, string>>({ customerScript: '', backUpChecklist: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (settings.data) setDraft({ customerScript: settings.data.customerScript, backUpChecklist: settings.data.backUpChecklist });
  }, [settings.data]);

  const save = async (input: { customerScript: string | null; backUpChecklist: string | null }, done: string) => {
    setBusy(true);
    setError(null);
    try {
      const saved: TPackSettings = await packApi.updatePackSettings(input);
      settings.setData(() => saved);
      setNotice(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({ customerScript: draft.customerScript, backUpChecklist: draft.backUpChecklist }, 'Saved. The next pack prints the new texts.');
  };

  const data = settings.data;
  const errors = fieldErrors(error);
  return (
    <Stack>
      <Title order={2} fz="lg">
        Texts printed in the pack
      </Title>
      {!canEdit && <Text c="dimmed">Only an admin can change these texts.</Text>}
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={settings.error} title="Could not load the pack texts. Reload the page." />
      <ErrorAlert error={error} title="Could not save the pack texts" />
      {!data ? (
        !settings.error && <Loader aria-label="Loading the pack texts" />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {FIELDS.map((f) => (
              <Stack key={f.key} gap={4}>
                <Textarea
                  label={f.label}
                  description={
                    <>
                      <Badge size="xs" variant="light" color={data[f.defaultKey] ? 'gray' : 'blue'} component="span" mr={6}>
                        {data[f.defaultKey] ? 'Default text' : 'Your own text'}
                      </Badge>
                      {f.description}
                    </>
                  }
                  value={draft[f.key]}
                  onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.currentTarget.value }))}
                  readOnly={!canEdit}
                  autosize
                  minRows={6}
                  maxRows={18}
                  maxLength={PACK_TEXT_MAX}
                  error={errors[f.key]}
                />
                {canEdit && !data[f.defaultKey] && (
                  <Group>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      disabled={busy}
                      onClick={() => void save({ ...draft, [f.key]: null }, `${f.label}: the default text is back.`)}
                    >
                      Put back the default {f.key === 'customerScript' ? 'script' : 'checklist'}
                    </Button>
                  </Group>
                )}
              </Stack>
            ))}
            {data.updatedAt && (
              <Text size="sm" c="dimmed">
                Last changed {formatDateTime(data.updatedAt)}
                {data.updatedByName ? ` by ${data.updatedByName}` : ''}.
              </Text>
            )}
            {canEdit && (
              <Group justify="flex-end">
                <Button type="submit" loading={busy} disabled={!draft.customerScript.trim() || !draft.backUpChecklist.trim()}>
                  Save texts
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      )}
    </Stack>
  );
}

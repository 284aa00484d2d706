import { Alert, Anchor, Button, Code, FileInput, Paper, Stack, Text, Title } from '@mantine/core';
import { CATCHUP_CSV_COLUMNS, CATCHUP_MAX_ENTRIES, LIMITS, type TCatchupEntry, type TImportRowError } from '@fieldkeep/domain';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportErrorsTable } from '../imports/ImportErrorsTable';
import { catchupApi } from './catchupApi';

const EXAMPLE = [
  CATCHUP_CSV_COLUMNS.join(','),
  'visit,20/11/2026,J-000123,eng1@demo.test,09:10,11:30,completed,,,,,',
  'note,20/11/2026,J-000123,eng1@demo.test,,,,,,11:25,,"Replaced the washer, tap now fine"',
  'time,20/11/2026,,eng1@demo.test,,,,,Collecting parts,13:00,13:40,Merchant',
].join('\r\n');

/** Bulk re-entry: a CSV of paper entries, read into the list (nothing is saved until the list is). */
export function CatchupCsv({ onEntries }: { onEntries: (entries: TCatchupEntry[]) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<{ message: string; rows: TImportRowError[] } | null>(null);
  const [read, setRead] = useState<number | null>(null);

  const send = async () => {
    if (!file) return;
    setError(null);
    setInvalid(null);
    setRead(null);
    if (file.size > LIMITS.csvBytes) {
      setError(new Error(`The file is larger than ${LIMITS.csvBytes / 1024 / 1024} MB. Split it into smaller files.`));
      return;
    }
    setBusy(true);
    try {
      const r = await catchupApi.readCsv(await file.text());
      onEntries(r.entries);
      setRead(r.entries.length);
      setFile(null);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'import_invalid') setInvalid({ message: err.message, rows: (err.body as { rows?: TImportRowError[] } | undefined)?.rows ?? [] });
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Many sheets: a CSV file
        </Title>
        <Text size="sm">
          One row per entry; the rows join the list below, checked like typed ones. Columns (any order): <Code>{CATCHUP_CSV_COLUMNS.join(', ')}</Code>. Engineers by sign-in name or full name, activities by name, dates as 2026-11-20 or 20/11/2026. At most{' '}
          {CATCHUP_MAX_ENTRIES} rows.
        </Text>
        <Anchor href={`data:text/csv;charset=utf-8,${encodeURIComponent(EXAMPLE + '\r\n')}`} download="fieldkeep-catch-up-example.csv" size="sm">
          Download an example file
        </Anchor>
        <FileInput label="Catch-up CSV file" placeholder="Choose a .csv file" accept=".csv,text/csv" clearable value={file} onChange={setFile} maw={360} />
        <Button variant="light" onClick={() => void send()} disabled={!file} loading={busy} w="fit-content">
          Read the file into the list
        </Button>
        <ErrorAlert error={error} title="The file could not be read" />
        {read !== null && (
          <Alert color="green" role="status">
            {read} {read === 1 ? 'entry' : 'entries'} added to the list below. Nothing is saved until you save the list.
          </Alert>
        )}
        {invalid && (
          <Stack gap="xs">
            <Alert color="red" title="Nothing was taken from the file: correct these rows and read it again" role="alert">
              {invalid.message}
            </Alert>
            <ImportErrorsTable rows={invalid.rows} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

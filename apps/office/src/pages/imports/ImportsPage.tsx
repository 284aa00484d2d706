import { Alert, Anchor, Button, Code, FileInput, Grid, Group, Progress, Radio, Stack, Text, Title } from '@mantine/core';
import { IMPORT_COLUMNS, IMPORT_KINDS, IMPORT_MAX_ROWS, LIMITS, type TImportKind, type TImportResult, type TImportRowError } from '@fieldkeep/domain';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportErrorsTable } from './ImportErrorsTable';

const KIND_LABELS: Record<TImportKind, string> = { clients: 'Clients', sites: 'Sites', assets: 'Assets' };
const KIND_HINTS: Record<TImportKind, string> = {
  clients: 'Organisations you work for, with one contact each.',
  sites: 'Addresses, each naming a client already in Fieldkeep.',
  assets: 'Equipment, each naming its site by name and postcode.',
};

type Outcome =
  | { kind: 'checked'; result: TImportResult }
  | { kind: 'invalid'; message: string; rows: TImportRowError[] }
  | { kind: 'imported'; result: TImportResult }
  | null;

/** CSV import: check the file (nothing written), see each bad row, then import all rows or none. */
export function ImportsPage() {
  const [kind, setKind] = useState<TImportKind>('clients');
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [error, setError] = useState<unknown>(null);
  const columns = IMPORT_COLUMNS[kind];

  const choose = async (f: File | null) => {
    setFile(f);
    setCsv(null);
    setOutcome(null);
    setError(null);
    if (!f) return;
    if (f.size > LIMITS.csvBytes) {
      setError(new Error(`The file is larger than ${LIMITS.csvBytes / 1024 / 1024} MB. Split it into smaller files and import each.`));
      return;
    }
    try {
      setCsv(await f.text());
    } catch {
      setError(new Error('Could not read the file. Save it again as “CSV UTF-8” and choose it again.'));
    }
  };

  const send = async (dryRun: boolean) => {
    if (!csv) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const result = await api.importCsv(kind, csv, dryRun);
      setOutcome({ kind: dryRun ? 'checked' : 'imported', result });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'import_invalid') {
        const rows = (err.body as { rows?: TImportRowError[] } | undefined)?.rows ?? [];
        setOutcome({ kind: 'invalid', message: err.message, rows });
      } else {
        setOutcome(null);
        setError(err);
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack>
      <Title order={1}>Import from CSV</Title>
      <Text>
        Import clients first, then sites, then assets. Each file is all or nothing: one bad row imports nothing, and every problem is listed so you can correct the file.
      </Text>
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Radio.Group
              label="What does the file hold?"
              value={kind}
              onChange={(v) => {
                setKind(v as TImportKind);
                setOutcome(null);
              }}
            >
              <Group mt="xs">
                {IMPORT_KINDS.map((k) => (
                  <Radio key={k} value={k} label={KIND_LABELS[k]} description={KIND_HINTS[k]} />
                ))}
              </Group>
            </Radio.Group>
            <FileInput label="CSV file" placeholder="Choose a .csv file" accept=".csv,text/csv" clearable value={file} onChange={(f) => void choose(f)} maw={420} />
            <Group>
              <Button variant="light" onClick={() => void send(true)} disabled={!csv || busy !== null} loading={busy === 'check'}>
                Check file
              </Button>
              <Button onClick={() => void send(false)} disabled={outcome?.kind !== 'checked' || busy !== null} loading={busy === 'import'}>
                Import
              </Button>
            </Group>
            {busy && (
              <Stack gap={4} role="status">
                <Text size="sm">{busy === 'check' ? 'Checking every row…' : 'Importing: writing every row in one go…'}</Text>
                <Progress value={100} animated striped aria-label={busy === 'check' ? 'Checking the file' : 'Importing the file'} />
              </Stack>
            )}
            <ErrorAlert error={error} title="The file could not be sent" />
            {outcome?.kind === 'checked' && (
              <Alert color="green" title="The file is fine" role="status">
                All {outcome.result.rows} rows passed the check: {outcome.result.imported} {KIND_LABELS[kind].toLowerCase()} would be added. Press Import to add them.
              </Alert>
            )}
            {outcome?.kind === 'imported' && (
              <Alert color="green" title="Imported" role="status">
                {outcome.result.imported} {KIND_LABELS[kind].toLowerCase()} imported from {outcome.result.rows} rows.
              </Alert>
            )}
            {outcome?.kind === 'invalid' && (
              <Stack gap="xs">
                <Alert color="red" title="Nothing was imported: correct these rows and check the file again" role="alert">
                  {outcome.message}
                </Alert>
                <ImportErrorsTable rows={outcome.rows} />
              </Stack>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Alert color="blue" title={`Columns for ${KIND_LABELS[kind].toLowerCase()}`}>
            <Stack gap={6}>
              <Text size="sm">The first line names the columns, in any order. Required:</Text>
              <ColumnNames names={columns.required} />
              <Text size="sm">Optional:</Text>
              <ColumnNames names={columns.columns.filter((c) => !columns.required.includes(c))} />
              <Anchor href={`data:text/csv;charset=utf-8,${encodeURIComponent(`${columns.columns.join(',')}\r\n`)}`} download={`fieldkeep-${kind}.csv`} size="sm">
                Download an empty {kind} file with these columns
              </Anchor>
              <Text size="sm">
                At most {IMPORT_MAX_ROWS.toLocaleString('en-GB')} rows and {LIMITS.csvBytes / 1024 / 1024} MB per file. Save from a spreadsheet as “CSV UTF-8”.
              </Text>
            </Stack>
          </Alert>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Header names as separate chips, so a long list wraps instead of running off the page. */
function ColumnNames({ names }: { names: readonly string[] }) {
  return (
    <Group gap={6}>
      {names.map((n) => (
        <Code key={n} fz="sm">
          {n}
        </Code>
      ))}
    </Group>
  );
}

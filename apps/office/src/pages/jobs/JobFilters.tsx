import { Button, Group, NativeSelect, Select, TextInput } from '@mantine/core';
import { JOB_STATUS_LABELS, JOB_STATUSES, type TClient, type TEngineer, type TSite } from '@fieldkeep/domain';
import { useEffect, useRef, useState } from 'react';

export interface JobFilterValues {
  status: string;
  clientId: string;
  siteId: string;
  engineerId: string;
  from: string;
  to: string;
  q: string;
}

export const FILTER_KEYS: ReadonlyArray<keyof JobFilterValues> = ['status', 'clientId', 'siteId', 'engineerId', 'from', 'to', 'q'];

interface Props {
  values: JobFilterValues;
  onChange: (patch: Partial<JobFilterValues>) => void;
  clients: TClient[];
  sites: TSite[];
  engineers: TEngineer[];
}

/** The jobs list's filters: every one a labelled control; the search waits for a pause in typing. */
export function JobFilters({ values, onChange, clients, sites, engineers }: Props) {
  const [q, setQ] = useState(values.q);
  const sent = useRef(values.q);
  // The URL changed from elsewhere (Clear filters, a link): show it. Our own debounced sends are not echoed back, so typing is never overwritten.
  useEffect(() => {
    if (values.q !== sent.current) setQ(values.q);
    sent.current = values.q;
  }, [values.q]);
  useEffect(() => {
    if (q === sent.current) return;
    const t = setTimeout(() => {
      sent.current = q;
      onChange({ q });
    }, 300);
    return () => clearTimeout(t);
  }, [q, onChange]);

  const siteOptions = sites
    .filter((s) => !values.clientId || s.clientId === values.clientId)
    .map((s) => ({ value: s.id, label: `${s.name}, ${s.postcode}` }));
  const active = FILTER_KEYS.some((k) => values[k] !== '');

  return (
    <Group align="flex-end" gap="sm">
      <TextInput
        label="Search jobs"
        placeholder="Reference, description, site or postcode"
        type="search"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        w={280}
      />
      <NativeSelect
        label="Status"
        value={values.status}
        onChange={(e) => onChange({ status: e.currentTarget.value })}
        data={[{ value: '', label: 'Any status' }, ...JOB_STATUSES.map((s) => ({ value: s, label: JOB_STATUS_LABELS[s] }))]}
        w={170}
      />
      <NativeSelect
        label="Client"
        value={values.clientId}
        onChange={(e) => onChange({ clientId: e.currentTarget.value, siteId: '' })}
        data={[{ value: '', label: 'Any client' }, ...clients.map((c) => ({ value: c.id, label: c.name }))]}
        w={220}
      />
      <Select
        label="Site"
        placeholder="Any site"
        searchable
        clearable
        value={values.siteId || null}
        onChange={(v) => onChange({ siteId: v ?? '' })}
        data={siteOptions}
        nothingFoundMessage="No site matches"
        w={240}
      />
      <NativeSelect
        label="Engineer"
        value={values.engineerId}
        onChange={(e) => onChange({ engineerId: e.currentTarget.value })}
        data={[{ value: '', label: 'Any engineer' }, ...engineers.map((e) => ({ value: e.id, label: e.name }))]}
        w={180}
      />
      <TextInput label="From date" type="date" value={values.from} onChange={(e) => onChange({ from: e.currentTarget.value })} w={150} />
      <TextInput label="To date" type="date" value={values.to} onChange={(e) => onChange({ to: e.currentTarget.value })} w={150} />
      {active && (
        <Button variant="subtle" onClick={() => onChange({ status: '', clientId: '', siteId: '', engineerId: '', from: '', to: '', q: '' })}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

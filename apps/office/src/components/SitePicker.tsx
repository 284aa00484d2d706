import { Select } from '@mantine/core';
import type { TSite } from '@fieldkeep/domain';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';

interface Props {
  clientId: string | null;
  value: TSite | null;
  onChange: (site: TSite | null) => void;
  error?: string;
  description?: string;
}

const label = (s: TSite) => `${s.name}, ${s.postcode}`;

/** A searchable site picker: the server searches name, address and postcode as you type. */
export function SitePicker({ clientId, value, onChange, error, description }: Props) {
  const [search, setSearch] = useState('');
  const [sites, setSites] = useState<TSite[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  // Typing the chosen site's own label is not a new search.
  const q = value && search === label(value) ? '' : search.trim();
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.listSites({ clientId: clientId ?? undefined, q: q || undefined, limit: 50 }).then(
        (r) => live && (setSites(r.sites), setLoadError(null)),
        () => live && setLoadError('Could not search the sites. Check your connection and type again.'),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [clientId, q]);

  const options = useMemo(() => {
    const list = value && !sites.some((s) => s.id === value.id) ? [value, ...sites] : sites;
    return list.map((s) => ({ value: s.id, label: label(s) }));
  }, [sites, value]);

  return (
    <Select
      label="Site"
      description={description ?? 'Type part of the name, street or postcode.'}
      placeholder="Search sites"
      searchable
      clearable
      required
      data={options}
      value={value?.id ?? null}
      onChange={(id) => onChange(id ? ([value, ...sites].find((s) => s?.id === id) ?? null) : null)}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched; show what it found.
      filter={({ options: o }) => o}
      nothingFoundMessage={q ? 'No site matches. Check the spelling or choose another client.' : 'No sites yet for this client.'}
      error={error ?? loadError}
      maxDropdownHeight={320}
    />
  );
}

import { Group, Pagination, Table, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** When given, the header becomes a button that sorts by this value. */
  sortValue?: (row: T) => string | number;
}

interface DataTableProps<T> {
  /** Names the table for screen readers and tests (rendered as a visually quiet caption). */
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  pageSize?: number;
  initialSort?: { key: string; direction: 'asc' | 'desc' };
  onRowClick?: (row: T) => void;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  /**
   * The server pages the rows (they are one page of `total`): the table shows them as given and the
   * pager asks for other pages. Sorting then orders the page shown.
   */
  serverPaging?: { page: number; total: number; onPageChange: (page: number) => void };
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A table with sortable columns and paging; filtering is the page's job (it owns the filter controls). */
export function DataTable<T>({ caption, columns, rows, rowKey, empty, pageSize = 25, initialSort, onRowClick, minWidth = 720, serverPaging }: DataTableProps<T>) {
  const [sort, setSort] = useState(initialSort);
  const [page, setPage] = useState(1);

  const sorted = useMemo(() => {
    const col = columns.find((c) => c.key === sort?.key);
    if (!sort || !col?.sortValue) return rows;
    const value = col.sortValue;
    const factor = sort.direction === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
      return cmp * factor;
    });
  }, [rows, columns, sort]);

  const pages = Math.max(1, Math.ceil((serverPaging ? serverPaging.total : sorted.length) / pageSize));
  useEffect(() => {
    if (!serverPaging && page > pages) setPage(pages);
  }, [page, pages, serverPaging]);
  const visible = serverPaging ? sorted : sorted.slice((page - 1) * pageSize, page * pageSize);
  const total = serverPaging ? serverPaging.total : rows.length;
  const shownRange =
    serverPaging && total > rows.length && rows.length > 0
      ? ` (showing ${(serverPaging.page - 1) * pageSize + 1}–${(serverPaging.page - 1) * pageSize + rows.length})`
      : '';

  const toggleSort = (key: string) =>
    setSort((s) => (s?.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' }));

  return (
    <>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover={!!onRowClick} verticalSpacing="sm">
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
            {caption} — {total === 1 ? '1 row' : `${total} rows`}
            {shownRange}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => {
                const direction = sort?.key === c.key ? sort.direction : undefined;
                return (
                  <Table.Th key={c.key} aria-sort={direction ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {c.sortValue ? (
                      // The header is a button named like the column; aria-sort on the cell says the order.
                      <UnstyledButton onClick={() => toggleSort(c.key)} fw={700} title={`Sort by ${c.header.toLowerCase()}`} style={{ whiteSpace: 'nowrap' }}>
                        {c.header} <span aria-hidden="true">{direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}</span>
                      </UnstyledButton>
                    ) : (
                      c.header
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed" py="md" ta="center">
                    {empty}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : (
              visible.map((row) => (
                <Table.Tr
                  key={rowKey(row)}
                  onClick={onRowClick ? () => onRowClick(row) : undefined}
                  style={onRowClick ? { cursor: 'pointer' } : undefined}
                >
                  {columns.map((c) => (
                    <Table.Td key={c.key}>{c.render(row)}</Table.Td>
                  ))}
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Group justify="flex-end" mt="sm">
          <Pagination
            total={pages}
            value={serverPaging ? serverPaging.page : page}
            onChange={serverPaging ? serverPaging.onPageChange : setPage}
            getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          />
        </Group>
      )}
    </>
  );
}

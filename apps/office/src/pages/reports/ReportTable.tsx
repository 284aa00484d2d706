import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { TReportTable } from '../../api/forms';
import { DataTable, type Column } from '../../components/DataTable';

type Row = { i: number; cells: string[] };

/** A report as its CSV holds it: the same columns, the same cells, sortable and paged. */
export function ReportTable({ caption, table }: { caption: string; table: TReportTable }) {
  const rows = useMemo(() => table.rows.map((cells, i) => ({ i, cells })), [table]);
  const columns: Column<Row>[] = useMemo(
    () =>
      table.columns.map((header, c) => ({
        key: `c${c}`,
        header,
        sortValue: (r: Row) => r.cells[c] ?? '',
        render: (r: Row) => (
          <Text size="sm" style={{ whiteSpace: (r.cells[c] ?? '').length > 40 ? 'normal' : 'nowrap' }}>
            {r.cells[c] || '—'}
          </Text>
        ),
      })),
    [table],
  );
  return <DataTable caption={caption} columns={columns} rows={rows} rowKey={(r) => String(r.i)} empty="Nothing in these dates." pageSize={50} minWidth={Math.max(720, table.columns.length * 130)} />;
}

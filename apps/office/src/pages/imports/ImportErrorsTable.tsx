import { Table, Text } from '@mantine/core';
import type { TImportRowError } from '@fieldkeep/domain';

/** Each bad row's problems: line number in the file, column and what is wrong. */
export function ImportErrorsTable({ rows }: { rows: TImportRowError[] }) {
  const lines = rows.flatMap((r) => r.errors.map((e, i) => ({ key: `${r.row}-${i}`, row: r.row, column: e.column, message: e.message })));
  return (
    <Table.ScrollContainer minWidth={600} mah={420}>
      <Table striped withTableBorder aria-label="Rows with errors" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>Line in file</Table.Th>
            <Table.Th w={200}>Column</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.key}>
              <Table.Td>{l.row}</Table.Td>
              <Table.Td>{l.column ? <code>{l.column}</code> : <Text span c="dimmed">whole row</Text>}</Table.Td>
              <Table.Td>{l.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

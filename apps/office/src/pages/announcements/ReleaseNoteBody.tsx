import { List, Stack, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';

/** `code` and **bold** inside a line of CHANGELOG.md; everything else as plain text (no HTML). */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, i) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return <code key={i}>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 3) return <strong key={i}>{part.slice(2, -2)}</strong>;
    return <Fragment key={i}>{part}</Fragment>;
  });
}

/**
 * A version's notes as CHANGELOG.md writes them: paragraphs and "- " lists (continuation lines
 * indented under an item belong to it).
 */
export function ReleaseNoteBody({ body }: { body: string }) {
  const blocks: Array<{ kind: 'p'; text: string } | { kind: 'ul'; items: string[] }> = [];
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    const last = blocks.at(-1);
    if (line.trim() === '') continue;
    if (/^\s*-\s+/.test(line)) {
      const item = line.replace(/^\s*-\s+/, '');
      if (last?.kind === 'ul') last.items.push(item);
      else blocks.push({ kind: 'ul', items: [item] });
    } else if (/^\s+/.test(line) && last?.kind === 'ul') {
      last.items[last.items.length - 1] += ` ${line.trim()}`;
    } else if (last?.kind === 'p') {
      last.text += ` ${line.trim()}`;
    } else {
      blocks.push({ kind: 'p', text: line.trim() });
    }
  }
  return (
    <Stack gap={6}>
      {blocks.map((b, i) =>
        b.kind === 'p' ? (
          <Text key={i} size="sm">
            {inline(b.text)}
          </Text>
        ) : (
          <List key={i} size="sm" spacing={4}>
            {b.items.map((item, j) => (
              <List.Item key={j}>{inline(item)}</List.Item>
            ))}
          </List>
        ),
      )}
    </Stack>
  );
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TReleaseNote } from '@fieldkeep/domain';
import { compareVersions } from '../db/database.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** apps/server/package.json, from the sources (src/announcements) and the build (dist/announcements) alike. */
const SERVER_PACKAGE = path.resolve(here, '../../package.json');
/** CHANGELOG.md at the repository root, which the server runs from. */
export const CHANGELOG_PATH = path.resolve(here, '../../../../CHANGELOG.md');

let version: string | undefined;

/** This server's version: `version` of apps/server/package.json. */
export function serverVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(SERVER_PACKAGE, 'utf8')) as { version: string }).version;
  return version;
}

/**
 * The release notes in CHANGELOG.md: each `## <version> — <date>` heading and the text under it,
 * newest first as the file has them. An `## Unreleased` section is not a release and is left out.
 */
export function parseChangelog(text: string): TReleaseNote[] {
  const notes: TReleaseNote[] = [];
  let current: TReleaseNote | undefined;
  let body: string[] = [];
  const close = () => {
    if (current) notes.push({ ...current, body: body.join('\n').trim() });
    current = undefined;
    body = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const h = /^##\s+v?(\d+\.\d+\.\d+)\s*(?:[—–-]\s*(\d{4}-\d{2}-\d{2}))?\s*$/.exec(line);
    if (h) {
      close();
      current = { version: h[1]!, date: h[2] ?? null, body: '' };
      continue;
    }
    if (/^##\s/.test(line)) {
      close();
      continue;
    }
    if (current) body.push(line);
  }
  close();
  return notes;
}

let cached: { file: string; notes: TReleaseNote[] } | undefined;

/** Every released version's notes (read once; none when the file is missing). */
export function loadReleaseNotes(file = CHANGELOG_PATH): TReleaseNote[] {
  if (cached?.file === file) return cached.notes;
  let notes: TReleaseNote[] = [];
  try {
    notes = parseChangelog(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  cached = { file, notes };
  return notes;
}

/**
 * The notes someone has not seen: every version after the one they acknowledged, up to this
 * server's, newest first. Someone with no acknowledged version has no "before" to compare with
 * (a new admin, or the first look after this feature arrived): nothing — the service records the
 * running version as where they start, so the next upgrade shows what it brings.
 */
export function unseenNotes(all: readonly TReleaseNote[], current: string, lastSeen: string | null): TReleaseNote[] {
  if (!lastSeen) return [];
  return all.filter((n) => compareVersions(n.version, current) <= 0 && compareVersions(n.version, lastSeen) > 0).sort((a, b) => compareVersions(b.version, a.version));
}

/** Every version up to this server's, newest first. */
export function releasedNotes(all: readonly TReleaseNote[], current: string): TReleaseNote[] {
  return all.filter((n) => compareVersions(n.version, current) <= 0).sort((a, b) => compareVersions(b.version, a.version));
}

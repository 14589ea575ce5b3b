// The sample resource: short notes, each stamped with the release that wrote it (so a
// blue/green deployment is visible in the data too).
import type { Queryable } from './database.js';

export interface Note {
  id: string;
  text: string;
  servedBy: string;
  createdAt: string;
}

export const MAX_NOTE_LENGTH = 1000;
export const MAX_PAGE = 100;

/** One note by id (`$1`); the app bench runs this same text on a bare server as its baseline. */
export const NOTE_BY_ID = 'SELECT id, text, served_by, created_at FROM notes WHERE id = $1';

interface NoteRow {
  id: string | number | bigint;
  text: string;
  served_by: string;
  created_at: Date | string;
}

/** The text of a new note from a request body, or the reason it is not acceptable. */
export function parseNewNote(body: unknown): { text: string } | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: 'body must be a JSON object like {"text": "hello"}' };
  }
  const text = (body as Record<string, unknown>).text;
  if (typeof text !== 'string' || text.trim() === '') {
    return { problem: '"text" must be a non-empty string' };
  }
  if (text.length > MAX_NOTE_LENGTH) {
    return { problem: `"text" must be at most ${MAX_NOTE_LENGTH} characters (got ${text.length})` };
  }
  return { text: text.trim() };
}

/** A note id from a path segment: a positive decimal integer that fits a bigint. */
export function parseNoteId(raw: string): string | undefined {
  return /^[1-9]\d{0,17}$/.test(raw) ? raw : undefined;
}

export class NoteStore {
  constructor(private readonly db: Queryable) {}

  async create(text: string, servedBy: string): Promise<Note> {
    const rows = await this.db.query<NoteRow>(
      'INSERT INTO notes (text, served_by) VALUES ($1, $2) RETURNING id, text, served_by, created_at',
      [text, servedBy],
    );
    return toNote(rows[0]!);
  }

  async get(id: string): Promise<Note | undefined> {
    const rows = await this.db.query<NoteRow>(NOTE_BY_ID, [id]);
    return rows[0] && toNote(rows[0]);
  }

  /** Newest first; `before` is the id of the last note of the previous page. */
  async list(limit: number, before?: string): Promise<Note[]> {
    const rows = await this.db.query<NoteRow>(
      `SELECT id, text, served_by, created_at FROM notes
        WHERE ($1::bigint IS NULL OR id < $1::bigint)
        ORDER BY id DESC LIMIT $2`,
      [before ?? null, limit],
    );
    return rows.map(toNote);
  }
}

function toNote(row: NoteRow): Note {
  return {
    // bigint ids leave as strings: JSON numbers lose precision above 2^53.
    id: String(row.id),
    text: row.text,
    servedBy: row.served_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

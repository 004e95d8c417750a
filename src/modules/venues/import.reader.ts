import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../../errors.js';
import { encodingSniffer, type TextEncodingName, UnreadableEncoding } from '../../text-encoding.js';

export type ImportRow = Record<string, string>;

/**
 * Reads an import file from disk in two streamed passes, so a 50 MB list never sits in memory
 * whole: the first finds its encoding (UTF-8, with or without BOM, or Windows-1252), the second
 * decodes and parses it, row by row. JSON files (an array) are read whole: the standard's JSON
 * exports are small, and a streamed JSON parser is not worth a dependency.
 */
export async function readImportFile(
  path: string,
): Promise<{ encoding: TextEncodingName; rows: AsyncIterable<ImportRow> }> {
  const encoding = await sniffFile(path);
  const head = await firstLine(path, encoding);
  if (head.trimStart().startsWith('[')) {
    const chunks: string[] = [];
    for await (const chunk of decoded(path, encoding)) chunks.push(chunk as string);
    return { encoding, rows: arrayRows(jsonRows(chunks.join(''))) };
  }
  const parser = decoded(path, encoding).pipe(csvParser(head));
  return { encoding, rows: failingAsUnreadable(parser) };
}

async function sniffFile(path: string): Promise<TextEncodingName> {
  const sniff = encodingSniffer();
  for await (const chunk of createReadStream(path)) sniff.push(chunk as Buffer);
  try {
    return sniff.result();
  } catch (e) {
    if (e instanceof UnreadableEncoding) throw new AppError('IMPORT_ENCODING');
    throw e;
  }
}

function decoded(path: string, encoding: TextEncodingName) {
  // iconv-lite strips a UTF-8 BOM by default.
  return createReadStream(path).pipe(iconv.decodeStream(encoding));
}

async function firstLine(path: string, encoding: TextEncodingName): Promise<string> {
  const stream = createReadStream(path, { start: 0, end: 64 * 1024 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return iconv.decode(Buffer.concat(chunks), encoding).split('\n', 1)[0] ?? '';
}

/** Comma or semicolon, whichever the header line uses more. */
export function csvParser(headerLine: string) {
  const delimiter = (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  return parse({ columns: true, delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, bom: true });
}

export function jsonRows(text: string): ImportRow[] {
  try {
    const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!Array.isArray(data)) throw new Error('not an array');
    return data as ImportRow[];
  } catch {
    throw new AppError('IMPORT_UNREADABLE');
  }
}

async function* arrayRows(rows: ImportRow[]): AsyncIterable<ImportRow> {
  yield* rows;
}

async function* failingAsUnreadable(rows: AsyncIterable<ImportRow>): AsyncIterable<ImportRow> {
  try {
    yield* rows;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('IMPORT_UNREADABLE');
  }
}

/** Rows of an import sent as text (the web form, the API): a CSV or a JSON array. */
export function rowsOfText(content: string): AsyncIterable<ImportRow> {
  const text = content.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('[')) return arrayRows(jsonRows(text));
  const parser = csvParser(text.split('\n', 1)[0] ?? '');
  parser.end(text);
  return failingAsUnreadable(parser);
}

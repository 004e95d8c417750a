import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvString } from '../../csv.js';
import type { DashboardTable } from './impact.tables.js';

/** One table as CSV: raw values, a rate as a fraction, money in euros; `;` for French spreadsheets. */
export function tableCsv(table: DashboardTable): string {
  return `\uFEFF${csvString([table.columns.map((c) => c.title), ...table.rows], { delimiter: ';' })}`;
}

const FORMATS: Record<string, string | undefined> = {
  rate: '0.0%',
  euros: '#,##0.00 €',
  count: '#,##0',
  decimal: '#,##0.0',
};

/**
 * Every table, one sheet each, as a real XLSX workbook (numbers stay numbers, with their format),
 * streamed: exceljs's streaming writer zips each row as it is committed, so a 20,000-line table
 * never sits in memory as a workbook of cell objects. Errors end the stream.
 */
export function tablesXlsx(tables: DashboardTable[], title: string): Readable {
  const out = new PassThrough();
  writeXlsx(out, tables, title).catch((err: unknown) => out.destroy(err as Error));
  return out;
}

async function writeXlsx(out: PassThrough, tables: DashboardTable[], title: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'Passnum';
  book.title = title;
  for (const table of tables) {
    // Sheet names: 31 characters at most, some characters forbidden.
    const sheet = book.addWorksheet(table.caption.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31));
    // Column formats first: the streaming writer styles each cell from its column when the row is added.
    table.columns.forEach((c, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = c.kind === 'text' ? 40 : 16;
      const format = FORMATS[c.kind];
      if (format) column.numFmt = format;
    });
    const caption = sheet.addRow([table.caption]);
    caption.font = { bold: true };
    caption.commit();
    const header = sheet.addRow(table.columns.map((c) => c.title));
    header.font = { bold: true };
    header.commit();
    // XLSX keeps text as text: a name starting with "=" is never run as a formula, unlike in CSV.
    for (const row of table.rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await book.commit();
}

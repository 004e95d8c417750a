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

/** Every table, one sheet each, as a real XLSX workbook (numbers stay numbers, with their format). */
export async function tablesXlsx(tables: DashboardTable[], title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Passnum';
  book.title = title;
  for (const table of tables) {
    // Sheet names: 31 characters at most, some characters forbidden.
    const sheet = book.addWorksheet(table.caption.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31));
    sheet.addRow([table.caption]).font = { bold: true };
    sheet.addRow(table.columns.map((c) => c.title)).font = { bold: true };
    // XLSX keeps text as text: a name starting with "=" is never run as a formula, unlike in CSV.
    for (const row of table.rows) sheet.addRow(row);
    table.columns.forEach((c, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = c.kind === 'text' ? 40 : 16;
      const format = FORMATS[c.kind];
      if (format) column.numFmt = format;
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

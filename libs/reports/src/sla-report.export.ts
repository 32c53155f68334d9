// The report as a spreadsheet: CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the Chinese
// labels) and an XLSX workbook with the definitions on a second sheet. Both start with the period and
// the time the figures were taken.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { SlaReport, SlaReportRow } from './sla-report.service';

const UTF8_BOM = '\uFEFF';

const KEY_LABEL = { agency: '经办机构', clock: '时限环节', month: '月份', kind: '业务类型' } as const;

/** Column labels after the group's key, in order. */
export const REPORT_COLUMN_LABELS = [
  '办结数',
  '按时办结数',
  '超时办结数',
  '按时办结率',
  '用时中位数（工作日）',
  '用时P90（工作日）',
  '最长用时（工作日）',
  '暂停工作日',
  '当前超时',
  '即将到期',
] as const;

const TOTAL_LABEL = '合计';

type Cell = string | number | null;

function figures(row: Omit<SlaReportRow, 'key'>): Cell[] {
  return [
    row.finished,
    row.met,
    row.missed,
    row.onTimeRate === null ? null : Math.round(row.onTimeRate * 10_000) / 10_000,
    row.workingDaysUsed.median,
    row.workingDaysUsed.p90,
    row.workingDaysUsed.max,
    row.pausedWorkingDays,
    row.openOverdue,
    row.openDueSoon,
  ];
}

function preamble(report: SlaReport): Cell[][] {
  return [
    ['统计期间', `${report.from} 至 ${report.to}`],
    ['业务类型', report.kind ?? '全部'],
    ['生成时间', report.generatedAt],
  ];
}

function table(report: SlaReport): Cell[][] {
  return [
    [KEY_LABEL[report.groupBy], ...REPORT_COLUMN_LABELS],
    ...report.rows.map((r) => [r.key, ...figures(r)]),
    [TOTAL_LABEL, ...figures(report.total)],
  ];
}

/** `sla-report_<from>_<to>_<generated, compact UTC>.<ext>` */
export function reportFileName(report: SlaReport, ext: 'csv' | 'xlsx'): string {
  const stamp = report.generatedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `sla-report_${report.from}_${report.to}_${stamp}.${ext}`;
}

/**
 * The report as CSV: the preamble lines (period, kind, time produced), then the table with a total
 * line. Every record has the same number of fields (RFC 4180), the preamble's padded with empty ones.
 */
export function reportCsv(report: SlaReport): string {
  const rows = [...preamble(report), ...table(report)];
  const width = REPORT_COLUMN_LABELS.length + 1;
  const padded = rows.map((r) => [...r, ...Array<Cell>(width - r.length).fill(null)]);
  return UTF8_BOM + stringify(padded, { record_delimiter: '\r\n', cast: { number: (n) => String(n) } });
}

/** The report as an XLSX workbook: sheet 报表 (preamble and table), sheet 指标说明 (the definitions). */
export async function reportXlsx(report: SlaReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(report.generatedAt);
  const sheet = workbook.addWorksheet('报表');
  for (const row of preamble(report)) sheet.addRow(row);
  const header = sheet.addRow(table(report)[0]);
  header.font = { bold: true };
  for (const row of table(report).slice(1)) sheet.addRow(row);
  sheet.getColumn(1).width = 14;
  for (let c = 2; c <= REPORT_COLUMN_LABELS.length + 1; c++) sheet.getColumn(c).width = 16;
  sheet.getColumn(5).numFmt = '0.0%';

  const definitions = workbook.addWorksheet('指标说明');
  definitions.addRow(['指标', '说明']).font = { bold: true };
  for (const [name, text] of Object.entries(report.definitions)) definitions.addRow([name, text]);
  definitions.getColumn(1).width = 20;
  definitions.getColumn(2).width = 120;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

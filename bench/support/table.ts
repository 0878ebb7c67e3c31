import type { Target } from './figures.ts';

interface TableFigure {
  label: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  samples: number[];
  target: Target | null;
  met: boolean | null;
}

interface TableScenario {
  name: string;
  status: 'ok' | 'failed';
  error: string | null;
  figures: TableFigure[];
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A plain-text table: one row per figure with median, min, max (over repeats) and its target. */
export function formatTable(scenarios: readonly TableScenario[]): string {
  const rows: string[][] = [['scenario', 'figure', 'median', 'min', 'max', 'unit', 'target', '']];
  for (const scenario of scenarios) {
    if (scenario.status === 'failed') {
      rows.push([scenario.name, `FAILED: ${(scenario.error ?? '').split('\n')[0] ?? ''}`, '', '', '', '', '', '']);
      continue;
    }
    for (const figure of scenario.figures) {
      const single = figure.samples.length === 1;
      rows.push([
        scenario.name,
        figure.label,
        formatNumber(figure.median),
        single ? '' : formatNumber(figure.min),
        single ? '' : formatNumber(figure.max),
        figure.unit,
        figure.target ? `${figure.target.op} ${formatNumber(figure.target.value)}` : '',
        figure.met === null ? '' : figure.met ? 'ok' : 'MISSED',
      ]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => row.map((cell, column) => (column >= 2 && column <= 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd())
    .join('\n');
}

using System.Globalization;
using System.Text;

namespace Parley.Bench.Measurement;

/// <summary>A plain-text table in Markdown pipe syntax (so it can go straight into a README): numbers right-aligned, text left-aligned.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}");
        }

        _rows.Add(cells);
    }

    public override string ToString()
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows.Prepend(headers))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var left = new bool[headers.Length];
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = _rows.Any(row => !IsNumber(row[i]));
        }

        var text = new StringBuilder();
        AppendRow(text, headers, widths, left);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(left[i] ? " :" : " ").Append('-', widths[i] - 1).Append(left[i] ? " |" : ": |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths, left);
        }

        return text.ToString();
    }

    private static bool IsNumber(string cell) =>
        cell is "n/a" or "NaN" || double.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _);

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths, bool[] left)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(' ').Append(left[i] ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        }

        text.AppendLine();
    }
}

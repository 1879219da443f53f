using System.Globalization;
using System.Text;

namespace Parley.Bench.Crypto.Measurement;

/// <summary>A Markdown pipe table, columns padded to their widest cell: numbers right-aligned, text left-aligned.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(cells.Length, headers.Length);
        _rows.Add(cells);
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        var left = headers.Select((_, i) => _rows.Any(r => r[i].Length > 0 && !double.TryParse(r[i], NumberStyles.Number, CultureInfo.InvariantCulture, out double _))).ToArray();
        var text = new StringBuilder();
        Row(text, headers, widths, left);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(left[i] ? " :" : " ").Append('-', widths[i] - 1).Append(left[i] ? " |" : ": |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            Row(text, row, widths, left);
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string[] cells, int[] widths, bool[] left)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(' ').Append(left[i] ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        }

        text.AppendLine();
    }
}

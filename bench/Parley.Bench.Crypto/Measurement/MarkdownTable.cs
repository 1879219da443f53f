using System.Text;

namespace Parley.Bench.Crypto.Measurement;

/// <summary>A Markdown pipe table, columns padded to their widest cell; the first column left-aligned, the others right.</summary>
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
        var text = new StringBuilder();
        Row(text, headers, widths);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(i == 0 ? " :" : " ").Append('-', widths[i] - 1).Append(i == 0 ? " |" : ": |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            Row(text, row, widths);
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(' ').Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        }

        text.AppendLine();
    }
}

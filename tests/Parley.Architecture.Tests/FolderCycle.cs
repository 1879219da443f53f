namespace Parley.Architecture.Tests;

internal static class FolderCycle
{
    /// <summary>One loop among the edges, written "A -> B (type) -> A (type)", or null when there is none.</summary>
    public static string? Find(IReadOnlyDictionary<(string From, string To), string> edges)
    {
        var next = edges.Keys.ToLookup(edge => edge.From, edge => edge.To);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        string? Visit(string folder)
        {
            var onPath = path.IndexOf(folder);
            if (onPath >= 0)
            {
                var loop = path[onPath..].Append(folder).ToList();
                return loop[0] + string.Concat(loop.Zip(loop.Skip(1), (from, to) => $" -> {to} ({edges[(from, to)]})"));
            }

            if (!finished.Add(folder))
            {
                return null;
            }

            path.Add(folder);
            foreach (var to in next[folder].Order(StringComparer.Ordinal))
            {
                if (Visit(to) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return edges.Keys.Select(edge => edge.From).Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(found => found is not null);
    }
}

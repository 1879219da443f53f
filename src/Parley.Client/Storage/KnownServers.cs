using System.Text;

namespace Parley.Client.Storage;

/// <summary>
/// known_servers in the client's home: the pinned TLS key of each server, as SSH's known_hosts keeps host
/// keys. One line per server, "host:port SHA256:…" (host in lower case); lines starting with '#' and blank
/// lines are kept as they are. Rewritten whole and atomically on every change.
/// </summary>
public sealed class KnownServers
{
    public const string FileName = "known_servers";

    public KnownServers(string home)
    {
        ArgumentNullException.ThrowIfNull(home);
        FilePath = Path.Combine(Path.GetFullPath(home), FileName);
    }

    public string FilePath { get; }

    /// <summary>The pinned fingerprint of <paramref name="server"/> ("host:port"); null when none is.</summary>
    public string? Find(string server)
    {
        var key = Key(server);
        return ReadLines().Select(Parse).FirstOrDefault(entry => entry?.Server == key)?.Fingerprint;
    }

    /// <summary>Pins <paramref name="fingerprint"/> for <paramref name="server"/>, replacing any pin it had.</summary>
    public void Pin(string server, string fingerprint)
    {
        var key = Key(server);
        var lines = ReadLines().Where(line => Parse(line)?.Server != key).ToList();
        lines.Add($"{key} {fingerprint}");
        Write(lines);
    }

    /// <summary>Removes the pin of <paramref name="server"/>; false when it had none.</summary>
    public bool Forget(string server)
    {
        var key = Key(server);
        var lines = ReadLines();
        var kept = lines.Where(line => Parse(line)?.Server != key).ToList();
        if (kept.Count == lines.Count)
        {
            return false;
        }

        Write(kept);
        return true;
    }

    private static string Key(string server) => server.Trim().ToLowerInvariant();

    private static (string Server, string Fingerprint)? Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length >= 2 && !parts[0].StartsWith('#') ? (parts[0].ToLowerInvariant(), parts[1]) : null;
    }

    private List<string> ReadLines()
    {
        try
        {
            return [.. File.ReadAllLines(FilePath)];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    private void Write(List<string> lines)
    {
        AtomicFile.EnsurePrivateFolder(Path.GetDirectoryName(FilePath)!);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        AtomicFile.Write(FilePath, Encoding.UTF8.GetBytes(text.ToString()));
    }
}

using System.Collections.Concurrent;

namespace Parley.Testing;

/// <summary>
/// The key fingerprint of every server a test started in this process, by "127.0.0.1:port". CLI processes
/// started by <see cref="ParleyProcess"/> with --server of one of them get its --server-fingerprint too,
/// as a user who pinned it up front would: their stderr stays free of the first-use pin notice.
/// </summary>
public static class KnownTestServers
{
    private static readonly ConcurrentDictionary<string, string> s_fingerprints = new(StringComparer.Ordinal);

    public static void Register(string address, string fingerprint) => s_fingerprints[address] = fingerprint;

    public static string? FingerprintOf(string address) => s_fingerprints.GetValueOrDefault(address);

    /// <summary><paramref name="args"/> with --server-fingerprint added for a known --server, unless pinning is already said.</summary>
    public static IEnumerable<string> WithFingerprint(IEnumerable<string> args)
    {
        var list = args.ToList();
        var server = list.IndexOf("--server");
        if (server < 0 || server + 1 >= list.Count || list.Contains("--server-fingerprint") || list.Contains("--insecure")
            || FingerprintOf(list[server + 1]) is not { } fingerprint)
        {
            return list;
        }

        return [.. list, "--server-fingerprint", fingerprint];
    }
}

using System.Collections.Concurrent;
using Parley.Crypto;

namespace Parley.Server.Tests.Support;

/// <summary>RSA-3072 keys are slow to make, so tests share a few, made on first use.</summary>
internal static class TestIdentities
{
    private static readonly ConcurrentDictionary<int, Lazy<Identity>> s_keys = new();

    public static Identity Get(int index) =>
        s_keys.GetOrAdd(index, static _ => new Lazy<Identity>(Identity.Generate)).Value;

    public static Identity First => Get(0);

    public static Identity Second => Get(1);

    public static Identity Third => Get(2);

    public static Identity Fourth => Get(3);
}

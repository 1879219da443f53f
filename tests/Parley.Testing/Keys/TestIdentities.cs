using System.Collections.Concurrent;
using System.Globalization;
using Parley.Crypto;

namespace Parley.Testing;

/// <summary>
/// RSA-3072 keys take seconds to make on a busy machine, so tests use throw-away keys shipped in
/// Keys/TestKeys/ (embedded), and generate more only past those. Each index is one key for the whole run.
/// </summary>
public static class TestIdentities
{
    private static readonly ConcurrentDictionary<int, Lazy<Identity>> s_keys = new();

    /// <summary>How many keys ship with the kit; <see cref="Get"/> generates the ones past them.</summary>
    public const int Shipped = 8;

    public static Identity First => Get(0);

    public static Identity Second => Get(1);

    public static Identity Third => Get(2);

    public static Identity Fourth => Get(3);

    public static Identity Get(int index) =>
        s_keys.GetOrAdd(index, static i => new Lazy<Identity>(() => Load(i))).Value;

    /// <summary>The PEM text of shipped key <paramref name="index"/>.</summary>
    public static string? Pem(int index)
    {
        var resource = string.Create(CultureInfo.InvariantCulture, $"TestKeys.test-key-{index}.pem");
        using var stream = typeof(TestIdentities).Assembly.GetManifestResourceStream(resource);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Identity Load(int index) => Pem(index) is { } pem ? Identity.FromPem(pem) : Identity.Generate();
}

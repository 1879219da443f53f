using System.Collections.Concurrent;
using System.Globalization;
using Parley.Crypto;

namespace Parley.Client.Tests.Support;

/// <summary>
/// RSA-3072 keys take seconds to make on a busy machine, so tests use throw-away keys shipped in
/// TestKeys/ (embedded), and generate more only past those.
/// </summary>
internal static class TestIdentities
{
    private static readonly ConcurrentDictionary<int, Lazy<Identity>> s_keys = new();

    public static Identity Get(int index) =>
        s_keys.GetOrAdd(index, static i => new Lazy<Identity>(() => Load(i))).Value;

    private static Identity Load(int index)
    {
        var resource = string.Create(CultureInfo.InvariantCulture, $"TestKeys.test-key-{index}.pem");
        using var stream = typeof(TestIdentities).Assembly.GetManifestResourceStream(resource);
        if (stream is null)
        {
            return Identity.Generate();
        }

        using var reader = new StreamReader(stream);
        return Identity.FromPem(reader.ReadToEnd());
    }
}

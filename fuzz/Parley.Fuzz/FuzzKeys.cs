using Parley.Crypto;

namespace Parley.Fuzz;

/// <summary>Two fixed keys (the test kit's throw-away keys 0 and 1), so seeds made in one run open in the next.</summary>
internal static class FuzzKeys
{
    public static Identity Sender() => Load("sender.pem");

    public static Identity Recipient() => Load("recipient.pem");

    private static Identity Load(string resource)
    {
        using var stream = typeof(FuzzKeys).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("missing embedded key " + resource);
        using var reader = new StreamReader(stream);
        return Identity.FromPem(reader.ReadToEnd());
    }
}

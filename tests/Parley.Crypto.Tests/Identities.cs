using Parley.Crypto;

namespace Parley.Crypto.Tests;

/// <summary>RSA-3072 keys take a while to make: the tests share three.</summary>
public sealed class Identities : IDisposable
{
    public Identity Alice { get; } = Identity.Generate();

    public Identity Bob { get; } = Identity.Generate();

    public Identity Mallory { get; } = Identity.Generate();

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
        Mallory.Dispose();
    }
}

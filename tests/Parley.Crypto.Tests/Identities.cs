using Parley.Crypto;

namespace Parley.Crypto.Tests;

/// <summary>Three different keys for the tests to share: the kit's shipped ones, so no test run waits for RSA-3072 generation.</summary>
public sealed class Identities
{
    public Identity Alice { get; } = TestIdentities.Get(0);

    public Identity Bob { get; } = TestIdentities.Get(1);

    public Identity Mallory { get; } = TestIdentities.Get(2);
}

using Parley.Crypto;

namespace Parley.Bench.Crypto.Sessions;

/// <summary>Alice's and Bob's real RSA-3072 identities, made once per benchmark case (each takes a while).</summary>
internal sealed class BenchIdentities : IDisposable
{
    private BenchIdentities(Identity alice, Identity bob)
    {
        Alice = alice;
        Bob = bob;
    }

    public Identity Alice { get; }

    public Identity Bob { get; }

    public static BenchIdentities Generate()
    {
        var keys = new Identity[2];
        Parallel.For(0, keys.Length, i => keys[i] = Identity.Generate());
        return new BenchIdentities(keys[0], keys[1]);
    }

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
    }
}

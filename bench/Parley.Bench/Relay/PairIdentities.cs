using Parley.Crypto;

namespace Parley.Bench.Relay;

/// <summary>A real RSA identity for every sender and receiver, generated once per run (in parallel: each takes a while).</summary>
internal sealed class PairIdentities : IDisposable
{
    private PairIdentities(Identity[] senders, Identity[] receivers)
    {
        Senders = senders;
        Receivers = receivers;
    }

    public IReadOnlyList<Identity> Senders { get; }

    public IReadOnlyList<Identity> Receivers { get; }

    public static PairIdentities Generate(int pairs)
    {
        var keys = new Identity[pairs * 2];
        Parallel.For(0, keys.Length, i => keys[i] = Identity.Generate());
        return new PairIdentities(keys[..pairs], keys[pairs..]);
    }

    public void Dispose()
    {
        foreach (var identity in Senders.Concat(Receivers))
        {
            identity.Dispose();
        }
    }
}

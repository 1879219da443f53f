using Parley.Crypto;

namespace Parley.Fuzz;

/// <summary>
/// The client's sealed-message opener as it runs on a delivery: read the envelope, then check and open it
/// (names, key ids, signature, freshness, replay, decryption). The only documented refusal is
/// <see cref="SealRejectedException"/>.
/// </summary>
internal sealed class OpenerTarget : IFuzzTarget, IDisposable
{
    // The seeds are sealed at this instant and opened at it, so they pass the freshness check every run.
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Identity _sender = FuzzKeys.Sender();
    private readonly Identity _recipient = FuzzKeys.Recipient();

    public void Run(ReadOnlySpan<byte> input)
    {
        // A fresh guard per input: the seeds must open every time, not only the first.
        var opener = new RsaHybridSealer(_recipient, new ReplayGuard());
        try
        {
            var envelope = opener.Read(input);
            opener.Open(envelope, "bob", "alice", _sender.PublicKey, s_now);
        }
        catch (SealRejectedException)
        {
            // the documented refusal
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        yield return ("short", MessageSealer.Seal(_sender, "alice", _recipient.PublicKey, "bob", "hi", s_now));
        yield return ("unicode", MessageSealer.Seal(_sender, "alice", _recipient.PublicKey, "bob", "héllo \u202e wörld 🙂", s_now));
        yield return ("empty", MessageSealer.Seal(_sender, "alice", _recipient.PublicKey, "bob", string.Empty, s_now));
    }

    public void Dispose()
    {
        _sender.Dispose();
        _recipient.Dispose();
    }
}

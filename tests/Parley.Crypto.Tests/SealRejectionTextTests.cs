using Parley.Crypto;

namespace Parley.Crypto.Tests;

/// <summary>
/// A refused message's reason quotes the sealed sender or recipient, which the sender chose freely
/// and no signature has vouched for yet: quoted escaped, never verbatim, and never at length.
/// </summary>
public sealed class SealRejectionTextTests(Identities ids) : IClassFixture<Identities>
{
    private const string Hostile = "x\u001b[2J\u001b]0;pwned\u0007\r\u009b31m\u202e\n[12:00:00] alice: hi \"q\" \\";

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_forged_sealed_sender_is_quoted_escaped()
    {
        var forged = MessageSealer.Seal(ids.Mallory, Hostile, ids.Bob.PublicKey, "bob", "hi", Now);

        var reason = ReasonOf(forged, from: "mallory", SealRejection.SenderMismatch);

        Assert.Equal(
            "sealed by \"x\\u001b[2J\\u001b]0;pwned\\u0007\\r\\u009b31m\\u202e\\n[12:00:00] alice: hi \\\"q\\\" \\\\\" but delivered as from \"mallory\"",
            reason);
    }

    [Fact]
    public void A_hostile_sealed_recipient_is_quoted_escaped()
    {
        var misaddressed = MessageSealer.Seal(ids.Mallory, "mallory", ids.Bob.PublicKey, Hostile, "hi", Now);

        var reason = ReasonOf(misaddressed, from: "mallory", SealRejection.Misaddressed);

        Assert.StartsWith("sealed for \"x\\u001b[2J\\u001b]0;pwned\\u0007\\r\\u009b31m\\u202e\\n[12:00:00] alice: hi \\\"q\\\" \\\\\" (", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(reason, char.IsControl);
    }

    [Fact]
    public void A_long_sealed_sender_is_cut_short()
    {
        var forged = MessageSealer.Seal(ids.Mallory, new string('m', 100_000), ids.Bob.PublicKey, "bob", "hi", Now);

        var reason = ReasonOf(forged, from: "mallory", SealRejection.SenderMismatch);

        Assert.Equal($"sealed by \"{new string('m', 90)}\"… but delivered as from \"mallory\"", reason);
    }

    private string ReasonOf(byte[] sealedBytes, string from, SealRejection expected)
    {
        var rejection = Assert.Throws<SealRejectedException>(
            () => MessageSealer.Open(ids.Bob, "bob", from, ids.Mallory.PublicKey, sealedBytes, Now, new ReplayGuard()));
        Assert.Equal(expected, rejection.Reason);
        return rejection.Message;
    }
}

using FsCheck;
using FsCheck.Fluent;
using Parley.Protocol;

namespace Parley.Crypto.Tests;

/// <summary>
/// Seal then open gives back what was sealed, for any text, names and time; and whatever bytes reach the
/// opener (random, or a real envelope altered) give an opened message or a <see cref="SealRejectedException"/>,
/// never another exception, and never a message other than the one that was sealed.
/// </summary>
public sealed class SealedEnvelopeProperties(Identities ids) : IClassFixture<Identities>
{
    private static readonly DateTimeOffset Base = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<string> Text = Gen.Frequency(
        (1, Gen.Elements(string.Empty, "meet at noon ☕", "\u202eevil", "\0", new string('x', 70_000))),
        (4, Gen.ArrayOf(Gen.Frequency(
                (4, Gen.Choose(0x20, 0x7E)),
                (1, Gen.Choose(0, 0x1F)),
                (2, Gen.Choose(0x80, 0xD7FF)),
                (1, Gen.Choose(0xE000, 0xFFFF)),
                (2, Gen.Choose(0x10000, 0x10FFFF))))
            .Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)))));

    // Names as a server would have accepted them (the opener compares them by the name rules).
    private static readonly Gen<string> Name = Gen.Elements("alice", "bob", "Zoë", "名前", "O'Brien", "ab", new string('m', 90))
        .SelectMany(name => Gen.Elements(name, name.ToUpperInvariant()));

    [Fact]
    public void What_is_sealed_opens_to_the_same_text_sender_recipient_and_time()
    {
        var cases = Text.Zip(Name.Zip(Name)).Zip(Gen.Choose(-1_000_000, 1_000_000).Zip(Gen.Choose(-120, 600)));
        Check(cases, c =>
        {
            var (text, (from, to)) = c.Item1;
            var sentAt = Base.AddSeconds(c.Item2.Item1 * 1000.0).AddMilliseconds(c.Item2.Item1 % 1000);
            var now = sentAt.AddSeconds(c.Item2.Item2);

            var sealedBytes = MessageSealer.Seal(ids.Alice, from, ids.Bob.PublicKey, to, text, sentAt);
            var opened = MessageSealer.Open(ids.Bob, to, from, ids.Alice.PublicKey, sealedBytes, now, new ReplayGuard());

            Assert.Equal(text, opened.Text);
            Assert.Equal(from, opened.From);
            Assert.Equal(to, opened.To);
            Assert.Equal(sentAt.ToUnixTimeMilliseconds(), opened.SentAt.ToUnixTimeMilliseconds());
            Assert.Equal(ids.Alice.Fingerprint, opened.SenderFingerprint);
        }, maxTest: 40);
    }

    [Fact]
    public void Any_bytes_given_to_the_opener_open_or_are_rejected()
    {
        var opener = new RsaHybridSealer(ids.Bob, new ReplayGuard());
        Check(ByteMutations.AnyBytes, bytes => AssertOpensOrIsRejected(opener, bytes, expectedText: null), maxTest: 1000);
    }

    [Fact]
    public void An_altered_envelope_is_rejected_or_opens_to_exactly_what_was_sealed()
    {
        var originals = new[] { "hi", "meet at noon ☕", string.Empty }
            .Select(text => (Text: text, Bytes: MessageSealer.Seal(ids.Alice, "alice", ids.Bob.PublicKey, "bob", text, Base)))
            .ToArray();
        var altered = Gen.Elements(originals).SelectMany(o => ByteMutations.Of(o.Bytes).Select(bytes => (o.Text, Bytes: bytes)));
        Check(altered, a =>
        {
            // A fresh guard: the unaltered envelope must open each time it comes up.
            var opener = new RsaHybridSealer(ids.Bob, new ReplayGuard());
            AssertOpensOrIsRejected(opener, a.Bytes, a.Text);
        }, maxTest: 600);
    }

    private static void AssertOpensOrIsRejected(RsaHybridSealer opener, byte[] bytes, string? expectedText)
    {
        try
        {
            var envelope = opener.Read(bytes);
            var opened = opener.Open(envelope, "bob", "alice", TestIdentities.Get(0).PublicKey, Base);
            Assert.NotNull(expectedText);
            Assert.Equal(expectedText, opened.Text);
            Assert.Equal("alice", opened.From);
        }
        catch (SealRejectedException)
        {
            // the documented refusal
        }
    }

    private static void Check<T>(Gen<T> gen, Action<T> property, int maxTest) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), Prop.ForAll(gen.ToArbitrary(), property));
}

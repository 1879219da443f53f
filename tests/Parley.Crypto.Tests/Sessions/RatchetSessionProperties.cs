using FsCheck;
using FsCheck.Fluent;
using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// Whatever order messages arrive in (within the skip bound), each opens once to what was sealed; and
/// whatever is done to a message's bytes, it opens to exactly the original or is refused with a
/// <see cref="SessionRejectedException"/> that leaves the state byte for byte as it was.
/// </summary>
public sealed class RatchetSessionProperties(Identities ids) : IClassFixture<Identities>
{
    [Fact]
    public void Bursts_from_both_sides_delivered_in_any_order_each_open_once_to_their_text()
    {
        var bursts = Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 6).Zip(Gen.Choose(0, int.MaxValue)), n));
        Check(bursts, plan =>
        {
            using var pair = SessionPair.Start(ids);
            pair.Bob.Open(pair.Alice.Seal(SessionPair.Text("start")));
            for (var b = 0; b < plan.Length; b++)
            {
                var (count, seed) = plan[b];
                var (from, to) = b % 2 == 0 ? (pair.Alice, pair.Bob) : (pair.Bob, pair.Alice);
                var sent = Enumerable.Range(0, count).Select(i => (Text: $"{b}.{i}", Bytes: from.Seal(SessionPair.Text($"{b}.{i}")))).ToArray();
                new Random(seed).Shuffle(sent);
                foreach (var (text, bytes) in sent)
                {
                    Assert.Equal(text, SessionPair.Read(to.Open(bytes)));
                    Assert.Equal(SessionRejection.Replayed, Assert.Throws<SessionRejectedException>(() => to.Open(bytes)).Reason);
                }
            }
        }, maxTest: 25);
    }

    [Fact]
    public void An_altered_message_opens_to_the_original_or_is_refused_without_changing_the_state()
    {
        using var pair = SessionPair.Start(ids);
        pair.Bob.Open(pair.Alice.Seal(SessionPair.Text("start")));
        pair.Alice.Open(pair.Bob.Seal(SessionPair.Text("reply")));

        // One message that starts a new chain (with a gap before it), one further along that chain (another gap).
        pair.Alice.Seal(SessionPair.Text("lost"));
        var newChain = (Text: "meet at noon ☕", Bytes: pair.Alice.Seal(SessionPair.Text("meet at noon ☕")), State: pair.Bob.Serialize());
        pair.Bob.Open(newChain.Bytes);
        pair.Alice.Seal(SessionPair.Text("lost too"));
        var sameChain = (Text: "bring tea", Bytes: pair.Alice.Seal(SessionPair.Text("bring tea")), State: pair.Bob.Serialize());

        var cases = Gen.Elements(newChain, sameChain).SelectMany(c => ByteMutations.Of(c.Bytes, orSomethingElse: true).Select(bytes => (c.Text, c.Bytes, c.State, Altered: bytes)));
        Check(cases, c =>
        {
            using var bob = RatchetSession.Deserialize(c.State, SystemEntropy.Instance);
            try
            {
                Assert.Equal(c.Text, SessionPair.Read(bob.Open(c.Altered)));
                Assert.Equal(c.Bytes, c.Altered);
            }
            catch (SessionRejectedException)
            {
                Assert.Equal(c.State, bob.Serialize());
            }
        }, maxTest: 400);
    }

    private static void Check<T>(Gen<T> gen, Action<T> property, int maxTest) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), Prop.ForAll(gen.ToArbitrary(), property));
}

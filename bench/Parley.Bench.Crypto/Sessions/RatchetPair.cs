using Parley.Crypto.Sessions;

namespace Parley.Bench.Crypto.Sessions;

/// <summary>
/// Two live <see cref="RatchetSession"/> objects set up by a real agreement and one round trip: the ratchet
/// alone, with no store, no state serialized and no envelope around it.
/// </summary>
internal sealed class RatchetPair : IDisposable
{
    private RatchetPair(RatchetSession alice, RatchetSession bob)
    {
        Alice = alice;
        Bob = bob;
    }

    public RatchetSession Alice { get; }

    public RatchetSession Bob { get; }

    public static RatchetPair Start(BenchIdentities identities)
    {
        var entropy = SystemEntropy.Instance;
        var now = DateTimeOffset.UtcNow;
        using var aliceKeys = LocalSessionKeys.Create(identities.Alice, now, entropy);
        using var bobKeys = LocalSessionKeys.Create(identities.Bob, now, entropy);
        using var bundle = PrekeyBundleVerifier.Verify(bobKeys.Bundle(bobKeys.AddOneTimePrekeys(1)[0]), identities.Bob.PublicKey);
        var initiated = SessionAgreement.Initiate(aliceKeys, bundle, entropy);
        var alice = RatchetSession.StartAsInitiator(initiated, entropy);
        var responded = SessionAgreement.Respond(bobKeys, identities.Alice.PublicKey, initiated.Header);
        var bob = RatchetSession.StartAsResponder(responded, bobKeys.FindSignedPrekey(responded.SignedPrekeyId)!, entropy);
        byte[] hello = [1, 2, 3];
        bob.Open(alice.Seal(hello));
        alice.Open(bob.Seal(hello));
        return new RatchetPair(alice, bob);
    }

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
    }
}

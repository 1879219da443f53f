using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>Alice and Bob with their session keys, and a session between them set up by the real agreement.</summary>
public sealed class SessionPair : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private SessionPair(Identities ids, bool withOneTimePrekey, RatchetLimits? limits)
    {
        AliceKeys = LocalSessionKeys.Create(ids.Alice, Now, SystemEntropy.Instance);
        BobKeys = LocalSessionKeys.Create(ids.Bob, Now, SystemEntropy.Instance);
        var oneTime = withOneTimePrekey ? BobKeys.AddOneTimePrekeys(3)[1] : null;
        using var bundle = PrekeyBundleVerifier.Verify(BobKeys.Bundle(oneTime), ids.Bob.PublicKey);
        InitiatorAgreement = SessionAgreement.Initiate(AliceKeys, bundle, SystemEntropy.Instance);
        ResponderAgreement = SessionAgreement.Respond(BobKeys, ids.Alice.PublicKey, InitiatorAgreement.Header);
        Alice = RatchetSession.StartAsInitiator(InitiatorAgreement, SystemEntropy.Instance, limits);
        Bob = RatchetSession.StartAsResponder(ResponderAgreement, BobKeys.FindSignedPrekey(ResponderAgreement.SignedPrekeyId)!, SystemEntropy.Instance, limits);
    }

    public LocalSessionKeys AliceKeys { get; }

    public LocalSessionKeys BobKeys { get; }

    public InitiatorAgreement InitiatorAgreement { get; }

    public ResponderAgreement ResponderAgreement { get; }

    public RatchetSession Alice { get; }

    public RatchetSession Bob { get; }

    public static SessionPair Start(Identities ids, bool withOneTimePrekey = true, RatchetLimits? limits = null) => new(ids, withOneTimePrekey, limits);

    public static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static string Read(byte[] plaintext) => System.Text.Encoding.UTF8.GetString(plaintext);

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
        AliceKeys.Dispose();
        BobKeys.Dispose();
    }
}

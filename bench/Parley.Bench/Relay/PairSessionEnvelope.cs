using Parley.Client;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Bench.Relay;

/// <summary>
/// One real envelope format 2 message (docs/sessions.md §13) from a pair's sender to its receiver, as a client sends
/// it once a session is running: each side gets its own session store (the client's <see cref="SessionStore"/>, in a
/// temporary folder), the receiver's prekeys are published to the sender as the server would hand them out, the
/// sender's first message sets up the session, the receiver's reply completes it, and the message after that (no
/// initial header any more) is the one returned.
/// </summary>
internal static class PairSessionEnvelope
{
    public static byte[] Seal(Identity sender, string senderName, Identity receiver, string receiverName, string text, string folder)
    {
        var toReceiver = new SessionNames(senderName, receiverName);
        var toSender = new SessionNames(receiverName, senderName);
        using var senderStore = SessionStore.Open(Path.Combine(folder, "sender", SessionStore.FileName), sender);
        using var receiverStore = SessionStore.Open(Path.Combine(folder, "receiver", SessionStore.FileName), receiver);
        using var senderSealer = new SessionSealer(senderStore);
        using var receiverSealer = new SessionSealer(receiverStore);

        // What the receiver's client would upload at its first login, handed out as the server's bundle for it.
        var upload = receiverStore.PlanUpload(new PrekeyStatus(Published: false, OneTimePrekeys: 0, SignedPrekeyCreatedAt: null, RefillBelow: 1, MaxOneTimePrekeys: 1));
        var bundle = new PrekeyBundle(
            receiver.PublicKey.KeyId,
            upload.IdentityAgreementKey!,
            upload.SignedPrekey!,
            upload.PostQuantumPrekey!,
            upload.OneTimePrekeys.Count > 0 ? upload.OneTimePrekeys[0] : null);
        using (var verified = PrekeyBundleVerifier.Verify(bundle, receiver.PublicKey))
        {
            var first = senderSealer.Seal(receiver.PublicKey, toReceiver, Content("hello"), verified);
            Opened(receiverSealer.Open(sender.PublicKey, toReceiver, first.Envelope));
        }

        var reply = receiverSealer.Seal(sender.PublicKey, toSender, Content("hello back"));
        Opened(senderSealer.Open(receiver.PublicKey, toSender, reply.Envelope));

        var message = senderSealer.Seal(receiver.PublicKey, toReceiver, Content(text)).Envelope;
        if (SessionMessage.Parser.ParseFrom(message).InitialHeader.Length != 0)
        {
            throw new InvalidOperationException("the session message still carries its initial header after the reply");
        }

        return message;
    }

    private static SessionContent Content(string text) => new() { Text = text, SentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };

    private static void Opened(SessionOpenResult result)
    {
        if (result.Status != SessionOpenStatus.Opened)
        {
            throw new InvalidOperationException($"setting up the bench's session failed: {result.Status}");
        }
    }
}

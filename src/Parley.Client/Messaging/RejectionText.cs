using Parley.Crypto;

namespace Parley.Client.Messaging;

/// <summary>The reason a refused message gets in <see cref="MessageRejectedEvent"/>: a leading word, then the detail.</summary>
internal static class RejectionText
{
    public static string Of(SealRejectedException rejection) => $"{Word(rejection.Reason)}: {rejection.Message}";

    private static string Word(SealRejection reason) => reason switch
    {
        SealRejection.Malformed => "malformed",
        SealRejection.UnsupportedVersion => "unsupported format",
        SealRejection.SenderMismatch => "forged sender",
        SealRejection.SenderKeyMismatch => "unknown sender key",
        SealRejection.Misaddressed => "misaddressed",
        SealRejection.BadSignature => "tampered",
        SealRejection.Tampered => "tampered",
        SealRejection.Stale => "stale",
        SealRejection.FromTheFuture => "from the future",
        SealRejection.Replayed => "replayed",
        _ => "refused",
    };
}
